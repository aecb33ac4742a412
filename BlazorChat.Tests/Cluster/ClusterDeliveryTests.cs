namespace BlazorChat.Tests.Cluster;

/// <summary>Three real nodes on one PostgreSQL and one Redis: what every client sees when everyone talks at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterDeliveryTests(ThreeNodes fixture) : IClassFixture<ThreeNodes>
{
    [Fact]
    public async Task ConcurrentSendersOnEveryNode_EveryMemberOnEveryNode_GetsEachConversationExactly()
    {
        var t = System.Diagnostics.Stopwatch.StartNew();
        var cluster = await fixture.NodesAsync();
        TestContext.Current.TestOutputHelper!.WriteLine($"started {t.Elapsed}");
        await using var load = await Workload.SetUpAsync(cluster, users: 9);
        TestContext.Current.TestOutputHelper!.WriteLine($"set up {t.Elapsed}");

        load.Start(window: 4);
        await load.AcknowledgedAsync(600);
        await load.StopAsync();
        TestContext.Current.TestOutputHelper!.WriteLine($"sent {t.Elapsed} {load.Acks.Count}");

        await load.VerifyAsync();
        TestContext.Current.TestOutputHelper!.WriteLine($"verified {t.Elapsed}");
        Assert.All(load.Clients, c => Assert.Equal(1, c.Connections));
    }
}
