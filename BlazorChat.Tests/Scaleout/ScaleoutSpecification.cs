using System.Collections.Concurrent;
using BlazorChat.Domain;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Backplane;
using BlazorChat.Tests.Domain;

namespace BlazorChat.Tests.Scaleout;

/// <summary>
/// What several nodes promise together, whatever carries their notices: two <see cref="ChatRoomService"/> nodes over
/// one backplane and one set of stores. Run on every backplane (the shape of SignalR's scale-out test class).
/// </summary>
public abstract class ScaleoutSpecification : IAsyncLifetime
{
    private ChatCluster _cluster = null!;

    /// <summary>The backplane nodes of one deployment, one per chat node.</summary>
    protected abstract Task<IReadOnlyList<IChatBackplane>> CreateBackplanesAsync(int count);

    /// <summary>Cuts one node off the backplane (what it publishes and what it would receive is lost).</summary>
    protected abstract Task CutAsync(int node);

    /// <summary>Connects it again; it catches up by itself.</summary>
    protected abstract Task RestoreAsync(int node);

    public async ValueTask InitializeAsync()
    {
        _cluster = new ChatCluster(await CreateBackplanesAsync(2));
        await _cluster[0].StartAsync(CancellationToken.None);
        await _cluster[1].StartAsync(CancellationToken.None);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RoomMessage_ReachesTheMembersOnEveryNode_OnceEach()
    {
        var alice = await _cluster.ConnectAsync(0, "alice");
        var bob = await _cluster.ConnectAsync(1, "bob");

        var sent = await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "hello from node 0");
        await _cluster[1].SendAsync("bob", ChatTarget.ToRoom(ChatNames.General), "hello from node 1");

        foreach (var subscriber in new[] { alice, bob })
        {
            var messages = (await subscriber.ThroughMessageAsync("hello from node 1")).OfType<MessagePosted>().Select(p => p.Message).ToList();
            Assert.Equal(["hello from node 0", "hello from node 1"], messages.Select(m => m.Text));
            Assert.Equal([1L, 2L], messages.Select(m => m.Seq));
        }

        Assert.Equal(1, sent.Value!.Seq);
    }

    [Fact]
    public async Task ChangesOnBothNodes_ReachEveryNode_AsTheNodeThatMadeThemLeftTheMessage_InRevOrder()
    {
        var alice = await _cluster.ConnectAsync(0, "alice");
        var bob = await _cluster.ConnectAsync(1, "bob");
        var general = ChatTarget.ToRoom(ChatNames.General);

        var root = (await _cluster[0].SendAsync("alice", general, "helo @bob")).Value!;
        var reply = (await _cluster[1].SendAsync("bob", general, "hi", replyTo: root.MessageId)).Value!;
        await _cluster[1].ReactAsync("bob", root.MessageId, "👍", on: true);
        await _cluster[0].EditAsync("alice", root.MessageId, "hello @bob");
        await _cluster[1].DeleteAsync("bob", reply.MessageId);
        await _cluster[0].SendAsync("alice", general, "barrier");

        foreach (var subscriber in new[] { alice, bob })
        {
            var seen = await subscriber.ThroughMessageAsync("barrier");
            var changes = seen.Select(e => e switch
            {
                MessagePosted posted => new ChatChange(ChangeKind.Posted, posted.Message.Rev, posted.Message),
                MessageChanged changed => changed.Change,
                _ => null,
            }).OfType<ChatChange>().ToList();
            Assert.Equal([1L, 2, 3, 4, 5, 6], changes.Select(c => c.Rev));
            Assert.Equal([ChangeKind.Posted, ChangeKind.Posted, ChangeKind.Reacted, ChangeKind.Edited, ChangeKind.Deleted, ChangeKind.Posted],
                changes.Select(c => c.Kind));
            Assert.Equal(root.MessageId, changes[1].Message.ReplyTo);
            Assert.Equal(["bob"], changes[0].Message.Mentions);
            Assert.Equal([new ReactionSummary("👍", ["bob"])], changes[2].Message.Reactions);
            Assert.Equal(("hello @bob", 4L), (changes[3].Message.Text, changes[3].Message.Version));
            Assert.Equal([new ReactionSummary("👍", ["bob"])], changes[3].Message.Reactions); // the edit keeps the reaction
            Assert.True(changes[4].Message.Deleted);
        }
    }

    [Fact]
    public async Task DirectMessage_ReachesEveryTabOfBothPeople_OnEveryNode_AndNobodyElse()
    {
        var aliceHere = await _cluster.ConnectAsync(0, "alice");
        var aliceThere = await _cluster.ConnectAsync(1, "alice");
        var bobHere = await _cluster.ConnectAsync(0, "bob");
        var bobThere = await _cluster.ConnectAsync(1, "bob");
        var carol = await _cluster.ConnectAsync(1, "carol");

        await _cluster[0].SendAsync("alice", ChatTarget.ToUser("bob"), "just us");
        await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        foreach (var tab in new[] { aliceHere, aliceThere, bobHere, bobThere })
        {
            var seen = await tab.ThroughMessageAsync("barrier");
            Assert.Single(seen, e => e is MessagePosted { Message.Text: "just us" });
        }

        Assert.DoesNotContain(await carol.ThroughMessageAsync("barrier"), e => e is MessagePosted { Message.Text: "just us" });
    }

    [Fact]
    public async Task ConcurrentSendersOnEveryNode_EverySubscriberGetsTheWholeStreamInOrder_OnceEach()
    {
        var subscribers = new[]
        {
            await _cluster.ConnectAsync(0, "alice"), await _cluster.ConnectAsync(0, "carol"),
            await _cluster.ConnectAsync(1, "bob"), await _cluster.ConnectAsync(1, "dave"),
        };
        const int PerSender = 100;
        var acknowledged = new ConcurrentBag<long>();
        await Task.WhenAll(new[] { (0, "alice"), (0, "carol"), (1, "bob"), (1, "dave") }.Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var sent = await _cluster[s.Item1].SendAsync(s.Item2, ChatTarget.ToRoom(ChatNames.General), $"{s.Item2}-{i}");
                acknowledged.Add(sent.Value!.Seq);
            }
        })));

        var last = acknowledged.Max();
        Assert.Equal(4 * PerSender, last);
        foreach (var subscriber in subscribers)
        {
            var seqs = new List<long>();
            while (seqs.Count == 0 || seqs[^1] < last)
            {
                if (await subscriber.NextAsync() is MessagePosted posted)
                {
                    seqs.Add(posted.Message.Seq);
                }
            }

            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), seqs);
        }
    }

    [Fact]
    public async Task Presence_IsTheSameOnEveryNode()
    {
        var alice = await _cluster.ConnectAsync(0, "alice");
        var bob = await _cluster.ConnectAsync(1, "bob");

        await alice.NextAsync<PresenceUpdated>(p => p.Changes.Contains(new PresenceChange("bob", true)));
        // A newcomer on the other node learns it from its hello, or from the update right after it (presence is batched).
        var carol = await _cluster.ConnectAsync(1, "carol");
        if (!carol.Hello.Online.Contains("alice"))
        {
            await carol.NextAsync<PresenceUpdated>(p => p.Changes.Contains(new PresenceChange("alice", true)));
        }

        bob.Connection.Dispose();

        await alice.NextAsync<PresenceUpdated>(p => p.Changes.Contains(new PresenceChange("bob", false)));
        Assert.DoesNotContain("bob", _cluster[0].OnlineUsers);
        Assert.Contains("alice", _cluster[1].OnlineUsers);
    }

    [Fact]
    public async Task Typing_ReachesTheOthersOnOtherNodes()
    {
        var alice = await _cluster.ConnectAsync(0, "alice");
        var bob = await _cluster.ConnectAsync(1, "bob");

        await _cluster[1].TypingAsync("bob", ChatTarget.ToUser("alice"));

        var typing = await alice.NextAsync<UserTyping>();
        Assert.Equal(("bob", "alice"), (typing.User, typing.To));
        Assert.Empty(bob.ReceivedSoFar().OfType<UserTyping>());
    }

    [Fact]
    public async Task ReadMarker_ReachesTheUsersTabsOnOtherNodes()
    {
        var alice = await _cluster.ConnectAsync(0, "alice");
        var aliceThere = await _cluster.ConnectAsync(1, "alice");
        var sent = await _cluster[1].SendAsync("bob", ChatTarget.ToUser("alice"), "read me");

        await _cluster[0].MarkReadAsync("alice", ChatTarget.ToUser("bob"), sent.Value!.Seq);

        var read = await aliceThere.NextAsync<ReadMarkerChanged>();
        Assert.Equal(("bob", sent.Value.Seq), (read.With, read.Seq));
        Assert.NotNull(await alice.NextAsync<ReadMarkerChanged>());
    }

    [Fact]
    public async Task JoiningOnOneNode_MakesTheUsersTabsOnOtherNodesMembers_AndLeavingStopsThem()
    {
        var bobHere = await _cluster.ConnectAsync(0, "bob");
        var bobThere = await _cluster.ConnectAsync(1, "bob");
        var alice = await _cluster.ConnectAsync(1, "alice");
        await _cluster[1].JoinAsync("alice", "ops");

        await _cluster[0].JoinAsync("bob", "ops");
        await bobThere.NextAsync<MembershipChanged>(m => m.Room == "ops" && m.IsMember);
        await _cluster[1].SendAsync("alice", ChatTarget.ToRoom("ops"), "welcome");
        Assert.Equal("welcome", (await bobThere.NextAsync<MessagePosted>()).Message.Text);
        Assert.Equal("welcome", (await bobHere.NextAsync<MessagePosted>()).Message.Text);

        await _cluster[0].LeaveAsync("bob", "ops");
        await bobThere.NextAsync<MembershipChanged>(m => m.Room == "ops" && !m.IsMember);
        await _cluster[1].SendAsync("alice", ChatTarget.ToRoom("ops"), "gone?");
        await _cluster[1].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");
        Assert.DoesNotContain(await bobThere.ThroughMessageAsync("barrier"), e => e is MessagePosted { Message.Text: "gone?" });
        Assert.NotNull(await alice.NextAsync<MessagePosted>(p => p.Message.Text == "gone?"));
    }

    [Fact]
    public async Task EndingASession_IsHeardOnEveryNode()
    {
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster[1].SessionEnded += sid => heard.TrySetResult(sid);

        _cluster[0].EndSession("session-1");

        Assert.Equal("session-1", await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ARetryOnAnotherNode_StoresNothingTwice_AndIsDeliveredOnce()
    {
        var bob = await _cluster.ConnectAsync(1, "bob");

        var first = await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "once", clientMsgId: "c-1");
        var retry = await _cluster[1].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "once", clientMsgId: "c-1");
        await _cluster[1].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        Assert.Equal(first.Value!.MessageId, retry.Value!.MessageId);
        Assert.Single(await bob.ThroughMessageAsync("barrier"), e => e is MessagePosted { Message.Text: "once" });
        Assert.Equal(2, await _cluster.Messages.GetLatestSeqAsync(ConversationKey.ForRoom(ChatNames.General)));
    }

    [Fact]
    public async Task WhatIsSentDuringAnOutage_ReachesTheCutOffNode_OnceItIsBack_InOrder()
    {
        var bob = await _cluster.ConnectAsync(1, "bob");
        await CutAsync(1);

        for (var i = 0; i < 5; i++)
        {
            await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), $"during {i}");
        }

        await PublishedAsync(0); // lost while node 1 is cut off, not sent once it is back
        await RestoreAsync(1);
        await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "after");

        var texts = (await bob.ThroughMessageAsync("after")).OfType<MessagePosted>().Select(p => p.Message.Text);
        Assert.Equal(["during 0", "during 1", "during 2", "during 3", "during 4", "after"], texts);
    }

    [Fact]
    public async Task AJoinElsewhereDuringAnOutage_MakesTheUsersTabHereAMember_OnceItIsBack()
    {
        var bobThere = await _cluster.ConnectAsync(1, "bob");
        await _cluster[0].JoinAsync("alice", "ops");
        await CutAsync(1);

        Assert.True((await _cluster[0].JoinAsync("bob", "ops")).IsSuccess);
        await PublishedAsync(0);
        await RestoreAsync(1);

        await bobThere.NextAsync<MembershipChanged>(m => m.Room == "ops" && m.IsMember);
        Assert.True((await _cluster[0].SendAsync("alice", ChatTarget.ToRoom("ops"), "seen on node 1?")).IsSuccess);
        Assert.Equal("seen on node 1?", (await bobThere.NextAsync<MessagePosted>()).Message.Text);
    }

    [Fact]
    public async Task ALeaveElsewhereDuringAnOutage_StopsTheUsersTabHere_OnceItIsBack()
    {
        await _cluster[0].JoinAsync("alice", "ops");
        await _cluster[0].JoinAsync("bob", "ops");
        var bobThere = await _cluster.ConnectAsync(1, "bob");
        await CutAsync(1);

        Assert.True((await _cluster[0].LeaveAsync("bob", "ops")).IsSuccess);
        await PublishedAsync(0);
        await RestoreAsync(1);

        await bobThere.NextAsync<MembershipChanged>(m => m.Room == "ops" && !m.IsMember);
        var refused = await _cluster[1].SendAsync("bob", ChatTarget.ToRoom("ops"), "I left");
        Assert.True(refused.Error?.Code == ChatErrorCodes.NotAMember, $"bob could still post to ops on node 1 after leaving (seq {refused.Value?.Seq}); then: {string.Join(", ", bobThere.ReceivedSoFar().Select(e => e.GetType().Name))}");
        await _cluster[0].SendAsync("alice", ChatTarget.ToRoom("ops"), "after bob left");
        await _cluster[0].SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");
        Assert.DoesNotContain(await bobThere.ThroughMessageAsync("barrier"), e => e is MessagePosted { Message.Room: "ops" });
    }

    /// <summary>Waits until the node has handed everything it has to say to the backplane.</summary>
    private Task PublishedAsync(int node) => Until.TrueAsync(() => _cluster[node].OutboxBacklog == 0, $"node {node} to publish what it has");
}
