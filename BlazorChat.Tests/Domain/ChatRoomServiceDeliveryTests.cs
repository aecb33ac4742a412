using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

public sealed class ChatRoomServiceDeliveryTests
{
    private readonly ChatHarness _chat = new();

    [Fact]
    public async Task RoomMessage_ReachesEverySubscriberOfTheRoom_AndNobodyElse()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("bob", "ops");
        var alice = await _chat.ConnectAsync("alice");
        var bobLaptop = await _chat.ConnectAsync("bob");
        var bobPhone = await _chat.ConnectAsync("bob");
        var carol = await _chat.ConnectAsync("carol");

        var sent = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), "deploy at 5");
        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        Assert.True(sent.IsSuccess);
        foreach (var member in new[] { alice, bobLaptop, bobPhone })
        {
            var posted = await member.NextAsync<MessagePosted>();
            Assert.Equal("deploy at 5", posted.Message.Text);
            Assert.Equal("alice", posted.Message.From);
            Assert.Equal("ops", posted.Message.Room);
        }

        var carolSaw = await carol.ThroughMessageAsync("barrier");
        Assert.DoesNotContain(carolSaw, e => e is MessagePosted p && p.Message.Room == "ops");
    }

    [Fact]
    public async Task General_IsABroadcastToEveryone_WithoutJoining()
    {
        var subscribers = new[] { await _chat.ConnectAsync("alice"), await _chat.ConnectAsync("bob"), await _chat.ConnectAsync("carol") };

        await _chat.Service.SendAsync("carol", ChatTarget.ToRoom(ChatNames.General), "hi all");

        foreach (var subscriber in subscribers)
        {
            Assert.Equal("hi all", (await subscriber.NextAsync<MessagePosted>()).Message.Text);
        }
    }

    [Fact]
    public async Task DirectMessage_ReachesEverySubscriberOfBothParticipants_AndNobodyElse()
    {
        var aliceLaptop = await _chat.ConnectAsync("alice");
        var alicePhone = await _chat.ConnectAsync("alice");
        var bobLaptop = await _chat.ConnectAsync("bob");
        var bobPhone = await _chat.ConnectAsync("bob");
        var carol = await _chat.ConnectAsync("carol");

        var sent = await _chat.Service.SendAsync("alice", ChatTarget.ToUser("BOB"), "just us");
        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        Assert.Equal("bob", sent.Value!.To);
        foreach (var participant in new[] { aliceLaptop, alicePhone, bobLaptop, bobPhone })
        {
            var posted = await participant.NextAsync<MessagePosted>();
            Assert.Equal("just us", posted.Message.Text);
            Assert.Null(posted.Message.Room);
        }

        Assert.DoesNotContain(await carol.ThroughMessageAsync("barrier"), e => e is MessagePosted p && p.Message.Room is null);
    }

    [Fact]
    public async Task DirectConversation_IsTheSameWhicheverSideWrites()
    {
        await _chat.Service.SendAsync("alice", ChatTarget.ToUser("bob"), "one");
        await _chat.Service.SendAsync("bob", ChatTarget.ToUser("Alice"), "two");

        var page = await _chat.Service.GetHistoryAsync("alice", ChatTarget.ToUser("bob"));

        Assert.Equal([("one", 1L), ("two", 2L)], page.Value!.Select(m => (m.Text, m.Seq)));
    }

    [Fact]
    public async Task Seq_HasNoGapsOrDuplicates_UnderManyConcurrentSenders()
    {
        var senders = new[] { "alice", "bob", "carol", "dave" };
        var listener = await _chat.ConnectAsync("dave");

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            _chat.Service.SendAsync(senders[i % senders.Length], ChatTarget.ToRoom(ChatNames.General), $"m{i}"))));

        var acknowledged = results.Select(r => r.Value!.Seq).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), acknowledged);
        var delivered = new List<long>();
        for (var i = 0; i < 400; i++)
        {
            delivered.Add((await listener.NextAsync<MessagePosted>()).Message.Seq);
        }

        // Delivered in seq order, each once.
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), delivered);
    }

    [Fact]
    public async Task ARepeatedSendWithTheSameClientMsgId_ReturnsTheOriginal_AndIsDeliveredOnce()
    {
        var bob = await _chat.ConnectAsync("bob");

        var first = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "once", "c-42");
        var retried = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "once", "c-42")));
        var otherSender = await _chat.Service.SendAsync("carol", ChatTarget.ToRoom(ChatNames.General), "same id, other sender", "c-42");
        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        Assert.All(retried, r => Assert.Equal((first.Value!.MessageId, first.Value.Seq), (r.Value!.MessageId, r.Value.Seq)));
        Assert.NotEqual(first.Value!.MessageId, otherSender.Value!.MessageId);
        var seen = await bob.ThroughMessageAsync("barrier");
        Assert.Single(seen.OfType<MessagePosted>(), p => p.Message.Text == "once");
    }

    [Fact]
    public async Task ADisposedSubscription_ReceivesNothing()
    {
        var alice = await _chat.ConnectAsync("alice");
        var bob = await _chat.ConnectAsync("bob");
        await alice.NextAsync<PresenceUpdated>(p => p.Changes.Contains(new PresenceChange("bob", true))); // bob came online

        alice.Connection.Dispose();
        await _chat.Service.SendAsync("bob", ChatTarget.ToRoom(ChatNames.General), "anyone?");
        await bob.NextAsync<MessagePosted>();
        await alice.Connection.Completion;

        Assert.Empty(alice.ReceivedSoFar().OfType<MessagePosted>());
    }

    [Fact]
    public async Task ASubscriberThatNeverDrains_IsDropped_AndDoesNotDelayTheOthers()
    {
        var chat = new ChatHarness(new ChatOptions { OutboundQueueCapacity = 4, SendBurst = 100_000 });
        var stuck = new TaskCompletionSource();
        var ended = new TaskCompletionSource<BlazorChat.Domain.Connections.ConnectionEndReason>();
        using var slow = await chat.Service.ConnectAsync("carol", async (_, ct) => await stuck.Task.WaitAsync(ct), r => ended.TrySetResult(r));
        var fast = await chat.ConnectAsync("alice");

        // Every message reaches the fast subscriber while the stuck one holds nothing up.
        for (var i = 0; i < 10; i++)
        {
            var sent = await chat.Service.SendAsync("bob", ChatTarget.ToRoom(ChatNames.General), $"m{i}");
            Assert.True(sent.IsSuccess);
            Assert.Equal($"m{i}", (await fast.NextAsync<MessagePosted>()).Message.Text);
        }

        Assert.Equal(BlazorChat.Domain.Connections.ConnectionEndReason.Overflowed, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("carol", chat.Service.OnlineUsers);
    }

    [Fact]
    public async Task Hello_ComesFirst_WithRoomsAndWhoIsOnline()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.ConnectAsync("bob");
        var events = new List<ChatEvent>();
        var first = new TaskCompletionSource<ChatEvent>();
        using var connection = await _chat.Service.ConnectAsync("alice", (e, _) =>
        {
            first.TrySetResult(e);
            return ValueTask.CompletedTask;
        });

        var hello = Assert.IsType<SessionStarted>(await first.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["general", "ops"], hello.Rooms);
        Assert.Equal(["alice", "bob"], hello.Online);
    }

    [Fact]
    public async Task Presence_ChangesWithTheFirstAndLastConnection_Only()
    {
        var watcher = await _chat.ConnectAsync("alice");
        var bobLaptop = await _chat.ConnectAsync("bob");
        var bobPhone = await _chat.ConnectAsync("bob");

        await watcher.NextAsync<PresenceUpdated>(p => p.Changes.Contains(new PresenceChange("bob", true)));

        bobLaptop.Connection.Dispose();
        Assert.Contains("bob", _chat.Service.OnlineUsers);
        bobPhone.Connection.Dispose();

        // The next change told is bob going offline: closing his laptop alone changed nothing.
        var offline = await watcher.NextAsync<PresenceUpdated>();
        Assert.Equal([new PresenceChange("bob", false)], offline.Changes);
        Assert.DoesNotContain("bob", _chat.Service.OnlineUsers);
    }

    [Fact]
    public async Task Typing_ReachesTheOthersInTheRoom_NotTheTypist_AndIsNeverStored()
    {
        var alice = await _chat.ConnectAsync("alice");
        var bob = await _chat.ConnectAsync("bob");

        await _chat.Service.TypingAsync("alice", ChatTarget.ToRoom(ChatNames.General));
        var typing = await bob.NextAsync<UserTyping>();
        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "barrier");

        Assert.Equal(("alice", "general"), (typing.User, typing.Room));
        Assert.DoesNotContain(await alice.ThroughMessageAsync("barrier"), e => e is UserTyping);
        Assert.Single((await _chat.Service.GetHistoryAsync("bob", ChatTarget.ToRoom(ChatNames.General))).Value!);
    }

    [Fact]
    public async Task Join_TellsAllOfTheUsersConnections_AndStartsDeliveringTheRoom()
    {
        var laptop = await _chat.ConnectAsync("alice");
        var phone = await _chat.ConnectAsync("alice");

        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.SendAsync("bob", ChatTarget.ToUser("alice"), "x"); // bob needs no membership for a DM
        await _chat.Service.JoinAsync("bob", "ops");
        await _chat.Service.SendAsync("bob", ChatTarget.ToRoom("ops"), "in ops");

        foreach (var tab in new[] { laptop, phone })
        {
            var joined = await tab.NextAsync<MembershipChanged>();
            Assert.Equal(("ops", true), (joined.Room, joined.IsMember));
            Assert.Equal("in ops", (await tab.NextAsync<MessagePosted>(p => p.Message.Room == "ops")).Message.Text);
        }
    }
}
