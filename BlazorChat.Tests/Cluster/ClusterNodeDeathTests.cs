using BlazorChat.Tests.Backplane;

namespace BlazorChat.Tests.Cluster;

/// <summary>A node SIGKILLed mid-load: nothing acknowledged is lost, its clients move on, the others never notice.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterNodeDeathTests(ThreeNodes fixture)
{
    [Fact]
    public async Task KillNineOfANodeMidLoad_LosesNothing_ItsClientsRecoverOnASurvivor_TheOthersNeverNotice_AndItsUsersGoOffline()
    {
        var cluster = await fixture.NodesAsync();
        await using var load = await Workload.SetUpAsync(cluster, users: 9);
        var moving = load.Clients.Where(c => c.NodeIndex == 2).ToList();
        var staying = load.Clients.Except(moving).ToList();
        var moved = moving.Select(c => c.Id).ToHashSet();
        // Someone only on the doomed node, who does not come back; everyone else also has a socket on a survivor.
        await using var doomed = await cluster.NewClientAsync(2, "doomed", reconnects: false);
        await Until.TrueAsync(() => staying.All(c => c.SeesOnline(doomed.User)), "everyone sees the user on node 2 online");
        load.Start(window: 4);
        await load.AcknowledgedAsync(150);

        await cluster[2].KillAsync();
        // Silent for NodeTimeout, then noticed at the next heartbeat; the batch interval and a margin for a busy machine.
        var wentOffline = Until.TrueAsync(() => staying.All(c => !c.SeesOnline(doomed.User)), "the survivors see the dead node's user offline",
            ThreeNodes.NodeTimeout + ThreeNodes.HeartbeatInterval + TimeSpan.FromSeconds(5));
        var atKill = load.Acks.Count;
        await Task.WhenAll(moving.Select(c => c.WaitReadyAsync()));
        var movedAcks = load.Acks.All.Count(a => moved.Contains(a.Client));
        await load.AcknowledgedAsync(movedAcks + 60, a => moved.Contains(a.Client)); // the moved clients send on, from a survivor
        await load.AcknowledgedAsync(atKill + 150);

        await wentOffline;
        await load.StopAsync();

        await load.VerifyAsync();
        Assert.All(staying, c => Assert.True(c.Connections == 1 && c.Ends.Count == 0, $"{c.User} on node {c.NodeIndex} lost its connection"));
        Assert.All(moving, c =>
        {
            Assert.Equal(2, c.Connections);
            Assert.Null(Assert.Single(c.Ends)); // it died: no close frame
            Assert.NotEqual(2, c.NodeIndex);
        });
        Assert.All(staying, c => Assert.Equal([true, false], c.PresenceOf(doomed.User)));
        // Those who had a socket on the dead node and one on a survivor never went offline for anyone.
        Assert.All(staying, c => Assert.DoesNotContain(load.Clients, other => c.PresenceOf(other.User).Contains(false)));
    }
}
