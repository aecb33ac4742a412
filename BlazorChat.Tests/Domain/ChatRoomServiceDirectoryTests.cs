using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>Finding rooms and people through the service, and the room's other members hearing of joins and leaves.</summary>
public sealed class ChatRoomServiceDirectoryTests
{
    private readonly ChatHarness _chat = new();

    [Fact]
    public async Task JoinAndLeave_AreToldToTheRoomsOtherMembers_NotToTheUserNorToOutsiders()
    {
        await _chat.Service.JoinAsync("alice", "ops");
        var alice = await _chat.ConnectAsync("alice");
        var bob = await _chat.ConnectAsync("bob");     // not in ops
        var carol = await _chat.ConnectAsync("carol"); // the one who joins

        await _chat.Service.JoinAsync("carol", "ops");
        await _chat.Service.LeaveAsync("carol", "ops");

        var joined = await alice.NextAsync<RoomMemberChanged>();
        var left = await alice.NextAsync<RoomMemberChanged>();
        Assert.Equal(("carol", "ops", true), (joined.User, joined.Room, joined.IsMember));
        Assert.Equal(("carol", "ops", false), (left.User, left.Room, left.IsMember));
        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "fence");
        Assert.DoesNotContain(await bob.ThroughMessageAsync("fence"), e => e is RoomMemberChanged);
        Assert.DoesNotContain(await carol.ThroughMessageAsync("fence"), e => e is RoomMemberChanged); // carol hears MembershipChanged
    }

    [Fact]
    public async Task AJoinAgain_IsNotToldAgain()
    {
        await _chat.Service.JoinAsync("carol", "ops");
        await _chat.Service.JoinAsync("alice", "ops");
        var alice = await _chat.ConnectAsync("alice");

        await _chat.Service.JoinAsync("carol", "ops"); // already a member: nothing happened

        await _chat.Service.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "fence");
        Assert.DoesNotContain(await alice.ThroughMessageAsync("fence"), e => e is RoomMemberChanged);
    }

    [Fact]
    public async Task AJoinOnAnotherNode_IsToldToTheMembersOnThisOne()
    {
        await using var cluster = new ChatCluster(2, ["alice", "bob"]);
        await cluster.Nodes[0].JoinAsync("alice", "ops");
        var alice = await cluster.ConnectAsync(0, "alice");

        await cluster.Nodes[1].JoinAsync("bob", "ops");

        var joined = await alice.NextAsync<RoomMemberChanged>();
        Assert.Equal(("bob", "ops", true), (joined.User, joined.Room, joined.IsMember));
    }

    [Fact]
    public async Task Directory_CountsMembers_GeneralFirst_ThenTheBiggest_AndSearches()
    {
        await _chat.Service.JoinAsync("alice", "small");
        await _chat.Service.JoinAsync("alice", "big");
        await _chat.Service.JoinAsync("bob", "big");
        await _chat.Service.JoinAsync("carol", "big");

        var all = await _chat.Service.GetRoomDirectoryAsync();
        var searched = await _chat.Service.GetRoomDirectoryAsync(" BI ");
        var generalToo = await _chat.Service.GetRoomDirectoryAsync("gen");

        Assert.Equal([new("general", 4), new("big", 3), new RoomSummary("small", 1)], all);
        Assert.Equal([new RoomSummary("big", 3)], searched);
        Assert.Equal([new RoomSummary("general", 4)], generalToo);
        Assert.Equal(2, (await _chat.Service.GetRoomDirectoryAsync(limit: 2)).Count);
    }

    [Fact]
    public async Task Members_AreListedAsRegistered_OnlineFirst_OnlyToAMember()
    {
        await _chat.Service.JoinAsync("dave", "ops");
        await _chat.Service.JoinAsync("Carol", "ops");
        await _chat.Service.JoinAsync("alice", "ops");
        using var _ = (await _chat.ConnectAsync("dave")).Connection;

        var members = await _chat.Service.GetRoomMembersAsync("alice", "ops");
        var outsider = await _chat.Service.GetRoomMembersAsync("bob", "ops");

        Assert.Equal([new("dave", true), new("alice", false), new RoomMember("carol", false)], members.Value!.Members);
        Assert.Equal(3, members.Value.Total);
        Assert.Equal(ChatErrorCodes.NotAMember, outsider.Error!.Code);
    }

    [Fact]
    public async Task SearchPeople_FindsByPartOfTheName_StartsFirst_Bounded()
    {
        foreach (var name in new[] { "bobby", "robert", "bo", "xbob" })
        {
            _chat.Users.Add(name);
        }

        var found = await _chat.Service.SearchPeopleAsync("BOB");
        var bounded = await _chat.Service.SearchPeopleAsync("o", limit: 2);

        Assert.Equal(["bob", "bobby", "xbob"], found);
        Assert.Equal(2, bounded.Count);
        Assert.Empty(await _chat.Service.SearchPeopleAsync("  "));
    }

    [Fact]
    public async Task DirectPeers_AreWhomIReadOrWhoWroteToMe()
    {
        var carolMessage = await _chat.Service.SendAsync("carol", ChatTarget.ToUser("alice"), "hi alice");
        await _chat.Service.MarkReadAsync("alice", ChatTarget.ToUser("carol"), carolMessage.Value!.Seq);
        await _chat.Service.SendAsync("bob", ChatTarget.ToUser("dave"), "not about alice");

        Assert.Equal(["carol"], await _chat.Service.GetDirectPeersAsync("alice"));
    }
}
