using BlazorChat.Tests.Backplane;

namespace BlazorChat.Tests.Cluster;

// Everyone talking at once, with and without Redis.
public sealed partial class ClusterTests
{
    [Fact]
    public async Task ConcurrentSendersOnEveryNode_EveryMemberOnEveryNode_GetsEachConversationExactly()
    {
        var cluster = await fixture.NodesAsync();
        await using var load = await Workload.SetUpAsync(cluster, users: 9);

        load.Start(window: 4);
        await load.AcknowledgedAsync(600);
        await load.StopAsync();

        await load.VerifyAsync();
        Assert.All(load.Clients, c => Assert.Equal(1, c.Connections));
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 0, 1, 2 })]
    public async Task RedisCutOffMidLoad_EachNodeServesItsOwnClients_ThenCrossNodeDeliveryResumesByItself_Exactly(int[] cut)
    {
        var cluster = await fixture.NodesAsync();
        await using var load = await Workload.SetUpAsync(cluster, users: 9);
        load.Start(window: 4);
        await load.AcknowledgedAsync(150);

        foreach (var node in cut)
        {
            cluster[node].RedisPath!.Cut();
        }

        try
        {
            await Task.WhenAll(cut.Select(n => cluster[n].WaitForBackplaneAsync(healthy: false)));
            foreach (var node in cut)
            {
                // Still accepting and storing: its own senders' messages are acknowledged during the outage...
                var onNode = load.Clients.Where(c => c.NodeIndex == node).Select(c => c.Id).ToHashSet();
                var before = load.Acks.All.Count(a => onNode.Contains(a.Client));
                await load.AcknowledgedAsync(before + 20, a => onNode.Contains(a.Client));

                // ...and delivered to its own clients: one of them holds the room through a message sent there since the cut.
                var sentHere = load.Acks.All.Where(a => onNode.Contains(a.Client) && a.Conversation == ChatClient.Room(load.Room)).Max(a => a.Seq);
                var reader = load.Clients.First(c => c.NodeIndex == node);
                await Until.TrueAsync(() => reader.TranscriptOf(ChatClient.Room(load.Room)).Replay(0).Held >= sentHere,
                    $"node {node}'s client gets the room through seq {sentHere} while Redis is cut off", TimeSpan.FromSeconds(20));
            }

            foreach (var node in cut)
            {
                Assert.False(await cluster[node].BackplaneIsHealthyAsync(), $"node {node} is still cut off");
            }
        }
        finally
        {
            foreach (var node in cut)
            {
                cluster[node].RedisPath!.Restore();
            }
        }

        await Task.WhenAll(cut.Select(n => cluster[n].WaitForBackplaneAsync(healthy: true)));
        var restored = load.Acks.Count;
        await load.AcknowledgedAsync(restored + 150);
        await load.StopAsync();

        await load.VerifyAsync();
        Assert.All(load.Clients, c => Assert.Equal(1, c.Connections));
    }
}
