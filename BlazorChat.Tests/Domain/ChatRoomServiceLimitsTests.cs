using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>Limits that keep one user — or one leaked token — from costing the server more than it should.</summary>
public sealed class ChatRoomServiceLimitsTests
{
    [Fact]
    public async Task AUserAtTheConnectionLimit_IsRefusedTheNextConnection_AndKeepsTheOthers()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 100_000, MaxConnectionsPerUser = 3 });
        var tabs = new List<Subscriber>();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await chat.ConnectAsync("alice"));
        }

        var refused = new Subscriber();
        refused.Connection = await chat.Service.ConnectAsync("alice", refused.DeliverAsync, refused.OnEnded);
        await chat.Service.SendAsync("bob", ChatTarget.ToRoom(ChatNames.General), "still here?");

        Assert.Equal(ConnectionEndReason.LimitReached, refused.Connection.EndReason);
        Assert.Equal(ConnectionEndReason.LimitReached, await refused.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(refused.ReceivedSoFar()); // not even a hello
        foreach (var tab in tabs)
        {
            Assert.Contains(await tab.ThroughMessageAsync("still here?"), e => e is MessagePosted);
        }
    }

    [Fact]
    public async Task ClosingAConnection_FreesItsPlace()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 100_000, MaxConnectionsPerUser = 1 });
        var first = await chat.ConnectAsync("alice");

        first.Connection.Dispose();
        var second = await chat.ConnectAsync("alice");

        Assert.Null(second.Connection.EndReason);
        Assert.Equal("alice", second.Hello.User);
    }

    [Fact]
    public async Task TheConnectionLimit_IsPerUser()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 100_000, MaxConnectionsPerUser = 1 });
        await chat.ConnectAsync("alice");

        var bob = await chat.ConnectAsync("bob");

        Assert.Null(bob.Connection.EndReason);
    }

    [Fact]
    public async Task JoiningPastTheRoomLimit_IsForbidden_WithTheReason_AndRejoiningOrLeavingStillWorks()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 100_000, MaxRoomsPerUser = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await chat.Service.JoinAsync("alice", $"room-{i}")).IsSuccess);
        }

        var refused = await chat.Service.JoinAsync("alice", "one-too-many");
        var rejoined = await chat.Service.JoinAsync("alice", "room-1");
        var general = await chat.Service.JoinAsync("alice", ChatNames.General);
        await chat.Service.LeaveAsync("alice", "room-0");
        var afterLeaving = await chat.Service.JoinAsync("alice", "one-too-many");

        Assert.Equal(ChatErrorCodes.Forbidden, refused.Error!.Code);
        Assert.Contains("3 rooms", refused.Error.Message);
        Assert.True(rejoined.IsSuccess);
        Assert.True(general.IsSuccess);
        Assert.True(afterLeaving.IsSuccess);
        Assert.Equal(["one-too-many", "room-1", "room-2"], (await chat.Memberships.GetRoomsAsync("alice")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConcurrentJoins_NeverTakeAUserPastTheRoomLimit()
    {
        var chat = new ChatHarness(new ChatOptions { SendBurst = 100_000, MaxRoomsPerUser = 10 });

        var joins = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => chat.Service.JoinAsync("alice", $"r{i}"))));

        Assert.Equal(10, joins.Count(j => j.IsSuccess));
        Assert.All(joins.Where(j => !j.IsSuccess), j => Assert.Equal(ChatErrorCodes.Forbidden, j.Error!.Code));
        Assert.Equal(10, (await chat.Memberships.GetRoomsAsync("alice")).Count);
    }
}
