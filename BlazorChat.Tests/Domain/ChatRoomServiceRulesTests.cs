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
    public async Task Join_WithAfterSeq_ReturnsEverythingAfterIt_AndReportsWhenItCannot()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 1000, MaxRecoveredMessages = 3 });
        await chat.Service.JoinAsync("alice", "ops");
        for (var i = 1; i <= 5; i++)
        {
            await chat.Service.SendAsync("alice", ChatTarget.ToRoom("ops"), $"m{i}");
        }

        var complete = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 3)).Value!;
        var partial = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 0)).Value!;
        var upToDate = (await chat.Service.JoinAsync("alice", "ops", afterSeq: 5)).Value!;

        Assert.Equal((5L, true), (complete.Seq, complete.Recovered!.Value));
        Assert.Equal([4L, 5L], complete.Messages!.Select(m => m.Seq));
        Assert.False(partial.Recovered);
        Assert.Equal((true, 0), (upToDate.Recovered!.Value, upToDate.Messages!.Count));
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
    public async Task SentAt_IsSetByTheServerClock()
    {
        var sent = await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "now");

        Assert.Equal(_chat.Time.GetUtcNow(), sent.Value!.SentAt);
    }
}
