using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The delivery path across nodes: two nodes over one backplane and one store deliver each message exactly once to
/// every subscriber of its conversation on either node, and what a node missed while cut off reaches it afterwards.
/// </summary>
public sealed class ReassemblerAcrossNodesTests : IAsyncDisposable
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);
    private readonly ChatCluster _cluster = new(2, ["alice", "bob", "carol", "dave"]);
    private readonly List<Subscriber> _subscribers = [];

    public async ValueTask DisposeAsync()
    {
        _subscribers.ForEach(s => s.Connection.Dispose());
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task RoomAndDirectMessages_ReachEverySubscriberOnBothNodes_ExactlyOnce_AndNobodyElse()
    {
        var (a, b) = (_cluster.Nodes[0], _cluster.Nodes[1]);
        var aliceOnA = await ConnectAsync(0, "alice");
        var carolOnA = await ConnectAsync(0, "carol");
        var aliceOnB = await ConnectAsync(1, "alice");
        var bobOnB = await ConnectAsync(1, "bob");
        var daveOnB = await ConnectAsync(1, "dave");
        var seen = _subscribers.ToDictionary(s => s, _ => new List<ChatEvent>());

        Assert.True((await a.SendAsync("alice", General, "room hello")).IsSuccess);
        Assert.True((await a.SendAsync("alice", ChatTarget.ToUser("bob"), "just us")).IsSuccess);
        Assert.True((await b.SendAsync("bob", ChatTarget.ToUser("alice"), "back at you")).IsSuccess);

        // Once B delivered "just us" and A delivered "back at you", a last room message follows everything on both nodes.
        await CollectUntilAsync(bobOnB, seen[bobOnB], "just us");
        await CollectUntilAsync(aliceOnA, seen[aliceOnA], "back at you");
        await a.SendAsync("alice", General, "final");
        foreach (var subscriber in _subscribers)
        {
            await CollectUntilAsync(subscriber, seen[subscriber], "final");
        }

        string[] participants = ["room hello", "just us", "back at you", "final"];
        foreach (var subscriber in new[] { aliceOnA, aliceOnB, bobOnB })
        {
            Assert.Equal(participants.Order(StringComparer.Ordinal), Texts(seen[subscriber]).Order(StringComparer.Ordinal));
        }

        foreach (var bystander in new[] { carolOnA, daveOnB })
        {
            Assert.Equal(["final", "room hello"], Texts(seen[bystander]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task WhatANodeMissedWhileCutOff_ReachesItAfterwards_AndNothingIsDuplicated()
    {
        var (a, b) = (_cluster.Nodes[0], _cluster.Nodes[1]);
        var aliceOnA = await ConnectAsync(0, "alice");
        var aliceOnB = await ConnectAsync(1, "alice");
        var bobOnB = await ConnectAsync(1, "bob");
        var seen = _subscribers.ToDictionary(s => s, _ => new List<ChatEvent>());
        await a.SendAsync("alice", General, "before");
        await CollectUntilAsync(bobOnB, seen[bobOnB], "before");

        _cluster.Backplanes[1].Disconnect();
        await a.SendAsync("alice", General, "while away");                     // B's notice of it is lost
        await b.SendAsync("bob", ChatTarget.ToUser("alice"), "from the island"); // and so is A's of this
        await CollectUntilAsync(aliceOnA, seen[aliceOnA], "while away");
        await CollectUntilAsync(bobOnB, seen[bobOnB], "from the island");

        _cluster.Backplanes[1].Reconnect(); // B sweeps against the store at once
        await CollectUntilAsync(bobOnB, seen[bobOnB], "while away");
        await CollectUntilAsync(aliceOnB, seen[aliceOnB], "while away");

        // A was never told B was gone: its own sweep finds the direct message within SweepInterval.
        _cluster.Time.Advance(_cluster.Options.SweepInterval);
        await CollectUntilAsync(aliceOnA, seen[aliceOnA], "from the island");

        await b.SendAsync("bob", General, "after");
        foreach (var subscriber in _subscribers)
        {
            await CollectUntilAsync(subscriber, seen[subscriber], "after");
        }

        string[] expected = ["after", "before", "from the island", "while away"];
        foreach (var subscriber in _subscribers)
        {
            Assert.Equal(expected, Texts(seen[subscriber]).Order(StringComparer.Ordinal));
        }

        // In seq order within each conversation, on both nodes.
        foreach (var subscriber in _subscribers)
        {
            var general = seen[subscriber].OfType<MessagePosted>().Where(p => p.Message.Room == ChatNames.General).Select(p => p.Message.Seq).ToList();
            Assert.Equal(general.Order(), general);
        }
    }

    private static IEnumerable<string> Texts(List<ChatEvent> events) => events.OfType<MessagePosted>().Select(p => p.Message.Text);

    private static async Task CollectUntilAsync(Subscriber subscriber, List<ChatEvent> seen, string text)
    {
        while (!Texts(seen).Contains(text))
        {
            seen.Add(await subscriber.NextAsync());
        }
    }

    private async Task<Subscriber> ConnectAsync(int node, string user)
    {
        var subscriber = await _cluster.ConnectAsync(node, user);
        _subscribers.Add(subscriber);
        return subscriber;
    }
}
