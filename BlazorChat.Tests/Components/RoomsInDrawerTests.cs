using BlazorChat.Domain;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Components;

/// <summary>Finding rooms and who is in them: the directory, a name that is almost a room name, members and their comings and goings.</summary>
public sealed class RoomsInDrawerTests : ChatTestContext
{
    [Fact]
    public async Task Directory_ListsRoomsWithMemberCounts_SearchesThem_AndJoinsWithOneClick()
    {
        await Chat.JoinAsync("bob", "design", cancellationToken: Ct);
        await Chat.JoinAsync("carol", "design", cancellationToken: Ct);
        await Chat.JoinAsync("bob", "ops", cancellationToken: Ct);
        var cut = RenderChat();

        cut.Find("#browse-rooms").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            [("general", "3"), ("design", "2"), ("ops", "1")],
            cut.FindAll("#room-directory li[data-room]").Select(li =>
                (li.GetAttribute("data-room"), li.QuerySelector("[data-members]")!.GetAttribute("data-members")))));
        Assert.Single(cut.FindAll("#room-directory button[data-open='general']")); // mine already

        cut.Find("#room-directory input").Input("des");

        cut.WaitForAssertion(() => Assert.Equal(["design"], cut.FindAll("#room-directory li[data-room]").Select(li => li.GetAttribute("data-room"))));
        cut.Find("#room-directory button[data-join='design']").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/rooms/design", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Contains("design", await Chat.GetRoomsAsync("alice", Ct));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#room-list a[data-room='design']")));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("#room-directory li[data-room='design'] [data-members]").GetAttribute("data-members")));
    }

    [Fact]
    public void Directory_SaysSoWhenNoRoomMatches()
    {
        var cut = RenderChat();
        cut.Find("#browse-rooms").Click();

        // The directory renders once its rooms are read.
        cut.WaitForElement("#room-directory input").Input("nothing-like-it");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#room-directory-empty")));
    }

    [Fact]
    public async Task ANameThatIsNotARoomName_OffersTheNormalisedOne_InOneClick()
    {
        var cut = RenderChat();

        cut.Find("#join-room input").Input("Design Team");
        cut.Find("#join-room-submit").Click();

        cut.WaitForAssertion(() => Assert.Equal("Use #design-team", cut.Find("#join-room-suggestion").TextContent.Trim()));
        Assert.Contains("#design-team?", cut.Find("#join-room").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("design-team", await Chat.GetRoomsAsync("alice", Ct)); // nothing joined without asking

        cut.Find("#join-room-suggestion").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/rooms/design-team", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Contains("design-team", await Chat.GetRoomsAsync("alice", Ct));
        Assert.Empty(cut.FindAll("#join-room-suggestion"));
    }

    [Theory]
    [InlineData("Design Team", "design-team")]
    [InlineData("  #Q3 planning!! ", "q3-planning")]
    [InlineData("Café crème", "cafe-creme")]
    [InlineData("release_2.0", "release_2-0")]
    [InlineData("!!!", null)]
    public void Suggestion_IsTheRoomNameSomeoneMeant(string typed, string? expected)
    {
        var suggestion = RoomNameSuggestion.For(typed);

        Assert.Equal(expected, suggestion);
        Assert.True(suggestion is null || ChatNames.IsValidRoomName(suggestion));
    }

    [Fact]
    public async Task OthersJoiningAndLeavingTheOpenRoom_ShowAsMutedLines_WhereTheyHappened()
    {
        await Chat.JoinAsync("alice", "ops", cancellationToken: Ct);
        await Chat.SendAsync("alice", BlazorChat.Domain.Messages.ChatTarget.ToRoom("ops"), "anyone here?", cancellationToken: Ct);
        var cut = RenderChat(room: "ops");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".chat-message")));

        await Chat.JoinAsync("bob", "ops", cancellationToken: Ct);
        await Chat.LeaveAsync("bob", "ops", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.Equal(
            ["bob joined", "bob left"], cut.FindAll("#messages .chat-room-notice").Select(n => n.TextContent)));
        Assert.NotNull(cut.Find("#messages [data-seq] + .chat-room-notice[data-notice='joined'][data-user='bob']")); // after the message
        Assert.Single(cut.FindAll(".chat-message")); // not messages: nothing was stored
    }

    [Fact]
    public async Task MyOwnJoin_AndOtherRoomsComings_AreNotShownInTheOpenRoom()
    {
        await Chat.JoinAsync("alice", "ops", cancellationToken: Ct);
        var cut = RenderChat(room: "ops");

        await Chat.JoinAsync("bob", "elsewhere", cancellationToken: Ct);
        await Chat.JoinAsync("alice", "another", cancellationToken: Ct);
        await Chat.JoinAsync("carol", "ops", cancellationToken: Ct); // the last: once it shows, the others had their turn

        cut.WaitForAssertion(() => Assert.Equal(["carol joined"], cut.FindAll(".chat-room-notice").Select(n => n.TextContent)));
    }

    [Fact]
    public async Task MemberList_ShowsWhoIsInTheRoom_OnlineFirst_AndFollowsJoins()
    {
        await Chat.JoinAsync("alice", "ops", cancellationToken: Ct);
        await Chat.JoinAsync("carol", "ops", cancellationToken: Ct); // offline
        await Chat.JoinAsync("bob", "ops", cancellationToken: Ct);
        using var bob = await ConnectAsync("bob");
        var cut = RenderChat(room: "ops");

        cut.Find("#room-members-toggle").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            [("alice", "true"), ("bob", "true"), ("carol", "false")],
            cut.FindAll("#room-members li[data-user]").Select(li => (li.GetAttribute("data-user"), li.GetAttribute("data-online")))));
        Assert.Equal("3 members", cut.Find("#room-members-total").TextContent);

        Users.Add("dave");
        await Chat.JoinAsync("dave", "ops", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.Equal("4 members", cut.Find("#room-members-total").TextContent));
        Assert.Equal("carol", cut.FindAll("#room-members li[data-user]")[2].GetAttribute("data-user"));
        bob.Dispose(); // bob goes offline: the list follows presence, and puts him among the offline

        cut.WaitForAssertion(() => Assert.Equal(
            [("alice", "true"), ("bob", "false"), ("carol", "false"), ("dave", "false")],
            cut.FindAll("#room-members li[data-user]").Select(li => (li.GetAttribute("data-user"), li.GetAttribute("data-online")))));
    }

    [Fact]
    public void MemberListOfGeneral_IsWhoIsOnline_OfEveryone()
    {
        var cut = RenderChat();

        cut.Find("#room-members-toggle").Click();

        cut.WaitForAssertion(() => Assert.Equal(["alice"], cut.FindAll("#room-members li[data-user]").Select(li => li.GetAttribute("data-user"))));
        Assert.Contains("Everyone (3)", cut.Find("#room-members-total").TextContent, StringComparison.Ordinal);
    }
}
