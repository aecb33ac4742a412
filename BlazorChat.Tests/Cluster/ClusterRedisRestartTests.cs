namespace BlazorChat.Tests.Cluster;

/// <summary>The Redis server itself stopped and started again mid-load (a Redis of the test's own, not the shared one).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRedisRestartTests(NodesOnOwnRedis fixture) : IClassFixture<NodesOnOwnRedis>
{
    [Fact]
    public async Task RedisRestartedMidLoad_NodesServeTheirOwnClientsMeanwhile_ThenHearEachOtherAgain_Exactly()
    {
        var cluster = await fixture.NodesAsync();
        await using var load = await Workload.SetUpAsync(cluster, users: 6);
        load.Start(window: 4);
        await load.AcknowledgedAsync(150);

        await fixture.Server!.StopAsync();
        try
        {
            await Task.WhenAll(cluster.Nodes.Select(n => n.WaitForBackplaneAsync(healthy: false)));
            await load.AcknowledgedAsync(load.Acks.Count + 100); // both nodes accept and store meanwhile
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        await Task.WhenAll(cluster.Nodes.Select(n => n.WaitForBackplaneAsync(healthy: true)));
        await load.AcknowledgedAsync(load.Acks.Count + 150);
        await load.StopAsync();

        await load.VerifyAsync();
        Assert.All(load.Clients, c => Assert.Equal(1, c.Connections));
    }
}
