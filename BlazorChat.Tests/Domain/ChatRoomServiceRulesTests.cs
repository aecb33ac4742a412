using BlazorChat.Domain;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Domain;

public sealed class ChatRoomServiceRulesTests
{
    private readonly ChatHarness _chat = new();

    [Fact]
    public async Task Text_AtTheLimitIsAccepted_OverItIsTooLarge_CountingCharactersNotBytes()
    {
        var emoji = string.Concat(Enumerable.Repeat("👍", 4000));

        var atLimit = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), emoji);
        var overLimit = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), emoji + "!");

        Assert.True(atLimit.IsSuccess);
        Assert.Equal(ChatErrorCodes.TooLarge, overLimit.Error!.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t")]
    [InlineData(null)]
    public async Task EmptyText_IsABadRequest(string? text)
    {
        var result = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), text);

        Assert.Equal(ChatErrorCodes.BadRequest, result.Error!.Code);
    }

    [Fact]
    public async Task SendingToARoom_RequiresMembership()
    {
        var refused = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), "hi");
        await _chat.Service.JoinAsync("alice", "ops");
        var accepted = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), "hi");

        Assert.Equal(ChatErrorCodes.NotAMember, refused.Error!.Code);
        Assert.True(accepted.IsSuccess);
    }

    [Fact]
    public async Task AClientMsgIdUsedForAnotherConversation_IsRefused_RatherThanAnsweredWithTheOtherMessage()
    {
        var first = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "to the room", clientMsgId: "1");

        var reused = await _chat.Service.SendAsync("alice", ChatTarget.ToUser("bob"), "to bob", clientMsgId: "1");

        Assert.True(first.IsSuccess);
        Assert.Equal(ChatErrorCodes.BadRequest, reused.Error?.Code);
        Assert.Contains("clientMsgId", reused.Error!.Message, StringComparison.Ordinal);
        Assert.True((await _chat.Service.SendAsync("alice", ChatTarget.ToUser("bob"), "to bob", clientMsgId: "2")).IsSuccess);
    }

    [Fact]
    public async Task DirectMessageToAnUnknownUser_IsRefused()
    {
        var result = await _chat.Service.SendAsync("alice", ChatTarget.ToUser("mallory"), "hi");

        Assert.Equal(ChatErrorCodes.NoSuchUser, result.Error!.Code);
    }

    [Theory]
    [InlineData("Ops")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task InvalidRoomNames_AreBadRequests(string room)
    {
        Assert.Equal(ChatErrorCodes.BadRequest, (await _chat.Service.JoinAsync("alice", room)).Error!.Code);
    }

    [Fact]
    public async Task General_CannotBeLeft()
    {
        Assert.Equal(ChatErrorCodes.Forbidden, (await _chat.Service.LeaveAsync("alice", ChatNames.General)).Error!.Code);
    }

    [Fact]
    public async Task Memberships_AreKeptInTheStore()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("alice", "random");
        await _chat.Service.LeaveAsync("alice", "random");

        Assert.Equal(["ops"], await _chat.Memberships.GetRoomsAsync("ALICE"));
        Assert.Equal(["general", "ops"], await _chat.Service.GetRoomsAsync("alice"));
    }

    [Fact]
    public async Task Sending_IsRateLimitedPerUser_AndRecoversWithTime()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 2, SendsPerSecond = 1 });
        var general = ChatTarget.ToRoom(ChatNames.General);

        await chat.Service.SendAsync("alice", general, "1");
        await chat.Service.SendAsync("alice", general, "2");
        var limited = await chat.Service.SendAsync("alice", general, "3");
        var otherUser = await chat.Service.SendAsync("bob", general, "b");
        chat.Time.Advance(limited.Error!.RetryAfter!.Value);
        var afterWaiting = await chat.Service.SendAsync("alice", general, "3 again");

        Assert.Equal(ChatErrorCodes.RateLimited, limited.Error.Code);
        Assert.True(limited.Error.RetryAfter > TimeSpan.Zero);
        Assert.True(otherUser.IsSuccess);
        Assert.True(afterWaiting.IsSuccess);
    }

    [Fact]
    public async Task Join_WithAfterSeq_ReturnsAPageOfWhatCameAfterIt_AndReportsWhenItCannotRecoverAll()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 1000, MaxRecoveredMessages = 3 });
        await chat.Service.JoinAsync("alice", "ops");
        for (var i = 1; i <= 5; i++)
        {
            await chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), $"m{i}");
        }

        var complete = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 3)).Value!;
        var paged = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 2, pageSize: 2)).Value!;
        var tooMany = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 0, pageSize: 2)).Value!;
        var upToDate = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 5)).Value!;

        Assert.Equal((5L, true, 0L), (complete.Seq, complete.Recovered!.Value, complete.Remaining));
        Assert.Equal([4L, 5L], complete.Messages!.Select(m => m.Seq));
        Assert.Equal((true, 1L), (paged.Recovered!.Value, paged.Remaining)); // a page of two, then one more (asked for)
        Assert.Equal([3L, 4L], paged.Messages!.Select(m => m.Seq));
        Assert.False(tooMany.Recovered);
        Assert.Equal([4L, 5L], tooMany.Messages!.Select(m => m.Seq)); // the newest page, to page back from
        Assert.Equal((true, 0, 0L), (upToDate.Recovered!.Value, upToDate.Messages!.Count, upToDate.Remaining));
    }

    [Fact]
    public async Task HistoryAfter_PagesForwards_OldestFirst_ForMembersOnly()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        for (var i = 1; i <= 5; i++)
        {
            await _chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), $"m{i}");
        }

        var page = await _chat.Service.GetHistoryAfterAsync("alice", ChatTarget.ToRoom("ops"), afterSeq: 2, limit: 2);
        var stranger = await _chat.Service.GetHistoryAfterAsync("bob", ChatTarget.ToRoom("ops"), afterSeq: 0);

        Assert.Equal(["m3", "m4"], page.Value!.Select(m => m.Text));
        Assert.Equal(ChatErrorCodes.NotAMember, stranger.Error!.Code);
    }

    [Fact]
    public async Task History_RefusesLimitsOutsideOneToAHundred()
    {
        var result = await _chat.Service.GetHistoryAsync("alice", ChatTarget.ToRoom(ChatNames.General), limit: 0);

        Assert.Equal(ChatErrorCodes.BadRequest, result.Error!.Code);
    }

    [Fact]
    public async Task AStoreFailure_IsAnInternalError_AndNothingIsDelivered()
    {
        var faulty = new FaultyMessageStore { FailAppends = true };
        var broken = new ChatRoomService(
            faulty, _chat.Memberships, new InMemoryReadMarkerStore(faulty.Inner), _chat.Users, new ChatOptions(), _chat.Time);
        var delivered = 0;
        using var bob = await broken.ConnectAsync("bob", (e, _) =>
        {
            if (e is BlazorChat.Domain.Events.MessagePosted)
            {
                Interlocked.Increment(ref delivered);
            }

            return ValueTask.CompletedTask;
        });

        var result = await broken.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "lost?");

        Assert.Equal(ChatErrorCodes.Internal, result.Error!.Code);
        Assert.Equal(0, Volatile.Read(ref delivered));
    }

    [Fact]
    public async Task ARetryAfterALostAcknowledgement_DeliversTheStoredMessage_ExactlyOnce()
    {
        var store = new FaultyMessageStore { LoseNextAck = true };
        var chat = new ChatHarness(store, store.Inner);
        var bob = await chat.ConnectAsync("bob");
        var general = ChatTarget.ToRoom(ChatNames.General);

        var lost = await chat.Service.SendAsync("alice", general, "stored, but the answer got lost", "c-1");
        var retried = await chat.Service.SendAsync("alice", general, "stored, but the answer got lost", "c-1");
        var again = await chat.Service.SendAsync("alice", general, "stored, but the answer got lost", "c-1");
        await chat.Service.SendAsync("alice", general, "barrier");

        Assert.Equal(ChatErrorCodes.Internal, lost.Error!.Code);
        Assert.Equal((1L, 1L), (retried.Value!.Seq, again.Value!.Seq));
        var seen = await bob.ThroughMessageAsync("barrier");
        Assert.Single(seen.OfType<BlazorChat.Domain.Events.MessagePosted>(), p => p.Message.ClientMsgId == "c-1");
    }

    [Fact]
    public async Task AStoreFailureWhileReadingHistory_IsAnInternalError_NotAnException()
    {
        var store = new FaultyMessageStore();
        var chat = new ChatHarness(store, store.Inner);
        await chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "kept");
        store.ForwardReadsBeforeFailing = 0;

        var result = await chat.Service.GetHistoryAfterAsync("alice", ChatTarget.ToRoom(ChatNames.General), 0);

        Assert.Equal(ChatErrorCodes.Internal, result.Error!.Code);
    }

    [Fact]
    public async Task AStoreFailureWhileJoiningOrLeaving_IsAnInternalError_NotAnException()
    {
        var messages = new BlazorChat.Domain.InMemory.InMemoryChatMessageStore();
        var broken = new ChatRoomService(
            messages, new UnavailableMemberships(), new BlazorChat.Domain.InMemory.InMemoryReadMarkerStore(messages),
            _chat.Users, new ChatOptions(), _chat.Time);

        var joined = await broken.JoinAsync("alice", "ops");
        var left = await broken.LeaveAsync("alice", "ops");

        Assert.Equal((ChatErrorCodes.Internal, ChatErrorCodes.Internal), (joined.Error!.Code, left.Error!.Code));
    }

    private sealed class UnavailableMemberships : BlazorChat.Domain.Abstractions.IMembershipStore
    {
        public Task<bool> AddAsync(string user, string room, CancellationToken cancellationToken = default) => throw new IOException("database down");

        public Task<bool> RemoveAsync(string user, string room, CancellationToken cancellationToken = default) => throw new IOException("database down");

        public Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken = default) => throw new IOException("database down");

        public Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default) => throw new IOException("database down");

        public Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default) => throw new IOException("database down");

        public Task<IReadOnlyList<RoomSummary>> GetRoomSummariesAsync(string? search, int limit, CancellationToken cancellationToken = default) =>
            throw new IOException("database down");

        public Task<BlazorChat.Domain.Abstractions.RoomMemberKeys> GetMembersAsync(string room, int limit, CancellationToken cancellationToken = default) =>
            throw new IOException("database down");
    }

    [Fact]
    public async Task SentAt_IsSetByTheServerClock()
    {
        var sent = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "now");

        Assert.Equal(_chat.Time.GetUtcNow(), sent.Value!.SentAt);
    }
}
