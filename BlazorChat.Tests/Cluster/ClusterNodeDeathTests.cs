using BlazorChat.Tests.Backplane;

namespace BlazorChat.Tests.Cluster;

/// <summary>A node SIGKILLed mid-load: nothing acknowledged is lost, its clients move on, the others never notice.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterNodeDeathTests(ThreeNodes fixture)
{
    [Fact]
    public async Task KillNineOfANodeMidLoad_LosesNothing_ItsClientsRecoverOnASurvivor_AndTheOthersNeverNotice()
    {
        var cluster = await fixture.NodesAsync();
        await using var load = await Workload.SetUpAsync(cluster, users: 9);
        var moving = load.Clients.Where(c => c.NodeIndex == 2).ToList();
        var staying = load.Clients.Except(moving).ToList();
        var moved = moving.Select(c => c.Id).ToHashSet();
        load.Start(window: 4);
        await load.AcknowledgedAsync(150);

        await cluster[2].KillAsync();
        var atKill = load.Acks.Count;
        await Task.WhenAll(moving.Select(c => c.WaitReadyAsync()));
        var movedAcks = load.Acks.All.Count(a => moved.Contains(a.Client));
        await load.AcknowledgedAsync(movedAcks + 60, a => moved.Contains(a.Client)); // the moved clients send on, from a survivor
        await load.AcknowledgedAsync(atKill + 150);
        await load.StopAsync();

        await load.VerifyAsync();
        Assert.All(staying, c => Assert.True(c.Connections == 1 && c.Ends.Count == 0, $"{c.User} on node {c.NodeIndex} lost its connection"));
        Assert.All(moving, c =>
        {
            Assert.Equal(2, c.Connections);
            Assert.Null(Assert.Single(c.Ends)); // it died: no close frame
            Assert.NotEqual(2, c.NodeIndex);
        });
    }

    [Fact]
    public async Task ADeadNodesUsers_GoOfflineOnTheSurvivors_WithinTheNodeTimeout()
    {
        var cluster = await fixture.NodesAsync();
        await using var watcher0 = await cluster.NewClientAsync(0, "watch");
        await using var watcher1 = await cluster.NewClientAsync(1, "watch");
        await using var doomed = await cluster.NewClientAsync(2, "doomed", reconnects: false);
        await Until.TrueAsync(() => watcher0.SeesOnline(doomed.User) && watcher1.SeesOnline(doomed.User),
            "the survivors-to-be see the user on node 2 online");

        await cluster[2].KillAsync();

        // Silent for NodeTimeout, then noticed at the next heartbeat; the batch interval and a margin for a busy machine.
        var deadline = ThreeNodes.NodeTimeout + ThreeNodes.HeartbeatInterval + TimeSpan.FromSeconds(5);
        await Until.TrueAsync(() => !watcher0.SeesOnline(doomed.User) && !watcher1.SeesOnline(doomed.User),
            "the survivors see the dead node's user offline", deadline);
        Assert.Equal([true, false], watcher0.PresenceOf(doomed.User));
        Assert.Equal([true, false], watcher1.PresenceOf(doomed.User));
        Assert.True(watcher0.SeesOnline(watcher1.User) && watcher1.SeesOnline(watcher0.User), "the survivors' own users stay online");
    }
}
