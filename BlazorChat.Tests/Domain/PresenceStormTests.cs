using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// Presence is a state, sent as batched net changes: 1,000 users reconnecting at once, whose subscribers each take
/// about 1 ms per event, all stay connected and all learn that everyone is online — on one node and across nodes; and a
/// node that dies takes its users offline elsewhere, until it is heard again.
/// </summary>
public sealed class PresenceStormTests
{
    private const int Everyone = 1_000;
    private static readonly TimeSpan SlowSubscriber = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan StormDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AThousandUsersReconnectingAtOnce_AllStayConnected_AndEveryoneLearnsEveryoneIsOnline(int nodes)
    {
        var users = Enumerable.Range(0, Everyone).Select(i => $"user{i:D4}").ToList();
        await using var cluster = new ChatCluster(nodes, users); // default queue capacity and presence batch interval
        var watchers = users.Select(u => new PresenceWatcher(u, SlowSubscriber)).ToList();

        // Everyone at once, spread over the nodes, as after a restart or a network blip.
        await Task.WhenAll(watchers.Select((w, i) => Task.Run(async () =>
            w.Connection = await cluster.Nodes[i % nodes].ConnectAsync(w.User, w.DeliverAsync, w.OnEnded)))).WaitAsync(StormDeadline);

        try
        {
            await Task.WhenAll(watchers.Select(w => w.KnowsOnlineAsync(users, StormDeadline)));

            Assert.All(watchers, w => Assert.Null(w.Connection.EndReason));
            Assert.All(watchers, w => Assert.Null(w.EndedBecause));
            Assert.All(cluster.Nodes, node => Assert.Equal(Everyone, node.OnlineUsers.Count));

            // Net changes, batched: a few updates per connection, not one per user who came online.
            Assert.All(watchers, w => Assert.InRange(w.Events, 1, Everyone / 4));
        }
        finally
        {
            watchers.ForEach(w => w.Connection?.Dispose());
        }
    }

    [Fact]
    public async Task ADeadNodesUsers_GoOfflineOnTheSurvivorAfterNodeTimeout_AndComeBackWhenItIsHeardAgain()
    {
        var onA = new[] { "ann", "amy", "abe" };
        var onB = new[] { "bob", "bea", "ben" };
        string[] everyone = [.. onA, .. onB];
        await using var cluster = new ChatCluster(2, everyone);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var watchersA = await ConnectAllAsync(a, onA);
        var watchersB = await ConnectAllAsync(b, onB);
        try
        {
            await Task.WhenAll([.. watchersA.Concat(watchersB).Select(w => w.KnowsOnlineAsync(everyone, Deadline))]);

            // A barrier each way: every notice a node published so far has been applied by the other, at the start time.
            await b.TypingAsync("bob", ChatTarget.ToRoom(ChatNames.General));
            await a.TypingAsync("ann", ChatTarget.ToRoom(ChatNames.General));
            await watchersA[0].SawAsync<UserTyping>(t => t.User == "bob", Deadline);
            await watchersB[0].SawAsync<UserTyping>(t => t.User == "ann", Deadline);

            cluster.Backplanes[1].Disconnect(); // B goes silent: no heartbeat of it reaches A, nor A's reaches it

            cluster.Advance(cluster.Options.NodeTimeout, cluster.Options.HeartbeatInterval);
            Assert.Equal(everyone.Order(StringComparer.OrdinalIgnoreCase), a.OnlineUsers); // silent for NodeTimeout, not longer

            cluster.Advance(cluster.Options.HeartbeatInterval, cluster.Options.HeartbeatInterval);
            Assert.Equal(onA.Order(StringComparer.OrdinalIgnoreCase), a.OnlineUsers);
            await Task.WhenAll([.. watchersA.Select(w => w.KnowsOnlineAsync(onA, Deadline))]);
            await Task.WhenAll([.. watchersB.Select(w => w.KnowsOnlineAsync(onB, Deadline))]); // and B, alone, thinks A dead

            cluster.Backplanes[1].Reconnect(); // B's full heartbeat and its query reach A; A answers with its own

            await Task.WhenAll([.. watchersA.Concat(watchersB).Select(w => w.KnowsOnlineAsync(everyone, Deadline))]);
            Assert.Equal(everyone.Order(StringComparer.OrdinalIgnoreCase), a.OnlineUsers);
            Assert.Equal(everyone.Order(StringComparer.OrdinalIgnoreCase), b.OnlineUsers);
            Assert.All(watchersA.Concat(watchersB), w => Assert.Null(w.EndedBecause));
        }
        finally
        {
            foreach (var watcher in watchersA.Concat(watchersB))
            {
                watcher.Connection.Dispose();
            }
        }
    }

    private static async Task<List<PresenceWatcher>> ConnectAllAsync(ChatRoomService node, IEnumerable<string> users)
    {
        var watchers = new List<PresenceWatcher>();
        foreach (var user in users)
        {
            var watcher = new PresenceWatcher(user);
            watcher.Connection = await node.ConnectAsync(user, watcher.DeliverAsync, watcher.OnEnded);
            watchers.Add(watcher);
        }

        return watchers;
    }
}
