using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>How sends wait for their commits: together, yet published in seq order, and never past a joiner.</summary>
public sealed class ChatRoomServiceCommitTests
{
    private readonly GatedMessageStore _store = new();
    private readonly ChatHarness _chat;

    public ChatRoomServiceCommitTests() => _chat = new ChatHarness(_store, _store.Committed);

    [Fact]
    public async Task BusyConversation_QueuesTheNextMessage_BeforeTheFirstIsCommitted_AndPublishesInSeqOrder()
    {
        var bob = await _chat.ConnectAsync("bob");
        var general = ChatTarget.ToRoom(ChatNames.General);

        var first = _chat.Service.SendAsync("alice", general, "one");
        var second = _chat.Service.SendAsync("alice", general, "two");
        await _store.QueuedAsync(2); // both wait for the same commit
        await _store.Commit(answerInReverse: true);

        var seqs = new[] { (await first).Value!.Seq, (await second).Value!.Seq };
        Assert.Equal([1L, 2L], seqs);
        Assert.Equal("one", (await bob.NextAsync<MessagePosted>()).Message.Text);
        Assert.Equal("two", (await bob.NextAsync<MessagePosted>()).Message.Text);
    }

    [Fact]
    public async Task AFailedCommit_DeliversNothingOfItsMessage_AndDoesNotHoldUpTheNext()
    {
        var bob = await _chat.ConnectAsync("bob");
        var general = ChatTarget.ToRoom(ChatNames.General);

        var lost = _chat.Service.SendAsync("alice", general, "lost");
        var kept = _chat.Service.SendAsync("alice", general, "kept");
        await _store.QueuedAsync(2);
        await _store.Commit(failing: 0);

        Assert.Equal(ChatErrorCodes.Internal, (await lost).Error!.Code);
        Assert.Equal(1, (await kept).Value!.Seq);
        Assert.Equal("kept", (await bob.NextAsync<MessagePosted>()).Message.Text);
        Assert.Empty(bob.ReceivedSoFar().OfType<MessagePosted>());
    }

    [Fact]
    public async Task Join_WithAMessageInFlight_RecoveryAndLiveMessagesNeitherOverlapNorLeaveAGap()
    {
        await JoinAsync("alice", "ops");
        var carol = await _chat.ConnectAsync("carol");

        var inFlight = _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), "in flight");
        await _store.QueuedAsync(1);
        var join = _chat.Service.JoinAsync("carol", "ops", afterSeq: 0);
        await _store.Commit();
        var joined = (await join).Value!;
        await inFlight;
        var after = _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), "after");
        await _store.QueuedAsync(1);
        await _store.Commit();
        await after;

        // Whether "in flight" came in the join's reply or live after it, carol has each message once, in order.
        Assert.True(joined.Recovered);
        var live = (await carol.ThroughMessageAsync("after")).OfType<MessagePosted>().Select(p => p.Message).ToList();
        Assert.All(live, m => Assert.True(m.Seq > joined.Seq));
        Assert.Equal(["in flight", "after"], joined.Messages!.Concat(live).Select(m => m.Text));
    }

    private async Task JoinAsync(string user, string room) => Assert.True((await _chat.Service.JoinAsync(user, room)).IsSuccess);
}
