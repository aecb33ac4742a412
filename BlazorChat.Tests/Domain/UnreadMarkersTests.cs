using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>Read markers and unread counts: what a user has not read yet, per room and direct conversation.</summary>
public sealed class UnreadMarkersTests
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);
    private static readonly ChatTarget Ops = ChatTarget.ToRoom("ops");
    private readonly ChatHarness _chat = new();

    [Fact]
    public async Task Hello_CountsOthersMessagesAfterTheMarker_NeverMyOwn()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("bob", "ops");
        (await _chat.ConnectAsync("bob")).Connection.Dispose(); // bob's general marker starts here
        await SendAsync("alice", Ops, 3);
        await SendAsync("bob", Ops, 2);                          // his own: never unread
        await SendAsync("carol", General, 4);
        await SendAsync("alice", ChatTarget.ToUser("bob"), 2);
        await SendAsync("bob", ChatTarget.ToUser("alice"), 1);

        var bob = await _chat.ConnectAsync("bob");

        Assert.Equal(
            [("ops", null, 3, 0L, 3L), ("general", null, 4, 0L, 4L), (null, "alice", 2, 0L, 2L)],
            bob.Hello.Unread.OrderBy(u => u.Room is null).ThenByDescending(u => u.Room)
                .Select(u => (u.Room, u.With, u.Count, u.LastReadSeq, u.LastUnreadSeq)));
    }

    [Fact]
    public async Task ANewUser_AndANewMember_StartAtTheLatestMessage_NotAtTheWholeHistory()
    {
        await SendAsync("alice", General, 100);
        await _chat.Service.JoinAsync("alice", "ops");
        await SendAsync("alice", Ops, 50);

        var first = await _chat.ConnectAsync("bob");
        await _chat.Service.JoinAsync("bob", "ops");
        first.Connection.Dispose();
        await SendAsync("alice", Ops, 2);
        await SendAsync("alice", General, 1);
        var again = await _chat.ConnectAsync("bob");

        // Every room is listed with its marker, read to the end or not.
        Assert.Equal([("general", 0, 100L)], first.Hello.Unread.Select(u => (u.Room!, u.Count, u.LastReadSeq)));
        Assert.Equal([("general", 1, 100L), ("ops", 2, 50L)],
            again.Hello.Unread.OrderBy(u => u.Room).Select(u => (u.Room!, u.Count, u.LastReadSeq)));
    }

    [Fact]
    public async Task ADirectConversationWithoutMarker_CountsAllThePeersMessages()
    {
        await SendAsync("alice", ChatTarget.ToUser("BOB"), 5);

        var bob = await _chat.ConnectAsync("bob");

        var unread = Assert.Single(bob.Hello.Unread, u => u.With is not null);
        Assert.Equal((null, "alice", 5, 0L, 5L), (unread.Room, unread.With, unread.Count, unread.LastReadSeq, unread.LastUnreadSeq));
    }

    [Fact]
    public async Task MarkRead_OnlyMovesForward_AndIsClampedToTheLatestMessage()
    {
        await SendAsync("alice", ChatTarget.ToUser("bob"), 5);
        var dm = ChatTarget.ToUser("alice");

        var five = await _chat.Service.MarkReadAsync("bob", dm, 3);
        var lower = await _chat.Service.MarkReadAsync("bob", dm, 2);
        var beyond = await _chat.Service.MarkReadAsync("bob", dm, 1_000);
        await SendAsync("alice", ChatTarget.ToUser("bob"), 2);
        var bob = await _chat.ConnectAsync("bob");

        Assert.Equal([3L, 3L, 5L], new[] { five.Value, lower.Value, beyond.Value });
        var unread = Assert.Single(bob.Hello.Unread, u => u.With is not null);
        Assert.Equal((2, 5L, 7L), (unread.Count, unread.LastReadSeq, unread.LastUnreadSeq));
    }

    [Fact]
    public async Task MarkRead_TellsEveryConnectionOfTheUser_AndNobodyElse()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("bob", "ops");
        var bobLaptop = await _chat.ConnectAsync("bob");
        var bobPhone = await _chat.ConnectAsync("bob");
        var alice = await _chat.ConnectAsync("alice");
        await SendAsync("alice", Ops, 3);

        var marked = await _chat.Service.MarkReadAsync("bob", Ops, 3);
        await _chat.Service.SendAsync("carol", General, "barrier");

        Assert.True(marked.IsSuccess);
        foreach (var tab in new[] { bobLaptop, bobPhone })
        {
            var read = await tab.NextAsync<ReadMarkerChanged>();
            Assert.Equal(("bob", "ops", (string?)null, 3L), (read.User, read.Room, read.With, read.Seq));
        }

        var aliceSaw = await alice.ThroughMessageAsync("barrier");
        Assert.DoesNotContain(aliceSaw, e => e is ReadMarkerChanged);
    }

    [Fact]
    public async Task APartialRead_TellsTheUsersTabsHowManyFromOthersAreStillUnread()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("bob", "ops");
        var bobPhone = await _chat.ConnectAsync("bob");
        await SendAsync("alice", Ops, 3);  // 1..3
        await SendAsync("bob", Ops, 1);    // 4, his own
        await SendAsync("alice", Ops, 2);  // 5..6

        await _chat.Service.MarkReadAsync("bob", Ops, 2);

        var read = await bobPhone.NextAsync<ReadMarkerChanged>();
        Assert.Equal((2L, 3, 6L), (read.Seq, read.Unread, read.CountedThrough)); // 3, 5 and 6; not his own 4
    }

    [Fact]
    public async Task MarkRead_ThatMovesNothing_TellsNobody()
    {
        var bob = await _chat.ConnectAsync("bob");
        await SendAsync("alice", General, 2);
        await _chat.Service.MarkReadAsync("bob", General, 2);
        await bob.NextAsync<ReadMarkerChanged>();

        await _chat.Service.MarkReadAsync("bob", General, 1);
        await _chat.Service.MarkReadAsync("bob", General, 2);
        await _chat.Service.SendAsync("carol", General, "barrier");

        Assert.DoesNotContain(await bob.ThroughMessageAsync("barrier"), e => e is ReadMarkerChanged);
    }

    [Fact]
    public async Task MarkRead_IsRefused_LikeEveryOtherRequest()
    {
        var notMember = await _chat.Service.MarkReadAsync("bob", Ops, 1);
        var nobody = await _chat.Service.MarkReadAsync("bob", ChatTarget.ToUser("zelda"), 1);
        var negative = await _chat.Service.MarkReadAsync("bob", General, -1);
        var badRoom = await _chat.Service.MarkReadAsync("bob", ChatTarget.ToRoom("Not A Room"), 1);

        Assert.Equal(
            [ChatErrorCodes.NotAMember, ChatErrorCodes.NoSuchUser, ChatErrorCodes.BadRequest, ChatErrorCodes.BadRequest],
            new[] { notMember, nobody, negative, badRoom }.Select(r => r.Error!.Code));
    }

    [Fact]
    public async Task RejoiningARoom_MovesTheMarkerToItsLatest_SoWhatWasSaidMeanwhileIsNotUnread()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        await _chat.Service.JoinAsync("bob", "ops");
        await _chat.Service.LeaveAsync("bob", "ops");
        await SendAsync("alice", Ops, 4);

        await _chat.Service.JoinAsync("bob", "ops");
        await SendAsync("alice", Ops, 1);
        var bob = await _chat.ConnectAsync("bob");

        var ops = Assert.Single(bob.Hello.Unread, u => u.Room == "ops");
        Assert.Equal((1, 4L), (ops.Count, ops.LastReadSeq));
    }

    private async Task SendAsync(string sender, ChatTarget target, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True((await _chat.Service.SendAsync(sender, target, $"{sender} {i}")).IsSuccess);
        }
    }
}
