using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

/// <summary>@-mentions: suggested while typing, highlighted for the one mentioned.</summary>
public sealed class ChatPageMentionsTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public void TypingAnAt_OffersThePeopleWhoCanReadIt_AndArrowsAndEnterInsertTheName_WithoutSending()
    {
        var cut = RenderChat();

        cut.Find("#composer textarea").Input("thanks @");
        cut.WaitForAssertion(() => Assert.Equal(["alice", "bob", "carol"], Offered(cut)));
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        cut.WaitForAssertion(() => Assert.Equal("bob", cut.Find("#mention-suggestions [aria-selected='true']").GetAttribute("data-user")));

        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("#mention-suggestions"));
            Assert.Equal("thanks @bob ", cut.Find("#composer textarea").GetAttribute("value"));
        });
        Assert.Empty(cut.FindAll("#messages .chat-message"));

        cut.Find("#composer textarea").Input("thanks @bob and @ca");
        cut.WaitForAssertion(() => Assert.Equal(["carol"], Offered(cut)));
    }

    [Fact]
    public void Tab_InsertsTheHighlightedName_AndEscapeClosesTheList()
    {
        var cut = RenderChat();

        cut.Find("#composer textarea").Input("@b");
        cut.WaitForAssertion(() => Assert.Equal(["bob"], Offered(cut)));
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Tab" });
        cut.WaitForAssertion(() => Assert.Equal("@bob ", cut.Find("#composer textarea").GetAttribute("value")));

        cut.Find("#composer textarea").Input("@bob and @");
        cut.WaitForElement("#mention-suggestions");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#mention-suggestions")));
    }

    [Fact]
    public void InADirectConversation_TheTwoParticipantsAreOffered()
    {
        var cut = RenderChat(user: "bob");

        cut.Find("#composer textarea").Input("@");

        cut.WaitForAssertion(() => Assert.Equal(["alice", "bob"], Offered(cut)));
    }

    [Fact]
    public async Task InARoom_OnlyItsMembersAreOffered()
    {
        await Chat.JoinAsync("alice", "ops", cancellationToken: Ct);
        await Chat.JoinAsync("bob", "ops", cancellationToken: Ct);
        var cut = RenderChat(room: "ops");

        cut.Find("#composer textarea").Input("@");

        cut.WaitForAssertion(() => Assert.Equal(["alice", "bob"], Offered(cut))); // not carol
    }

    [Fact]
    public async Task AMessageThatMentionsMe_IsHighlighted_OthersAreNot()
    {
        await Chat.SendAsync("bob", General, "@alice can you look?", cancellationToken: Ct);
        await Chat.SendAsync("bob", General, "@carol too", cancellationToken: Ct);
        var cut = RenderChat();

        cut.WaitForAssertion(() =>
        {
            var messages = cut.FindAll("#messages .chat-message");
            Assert.Equal(2, messages.Count);
            Assert.Contains("mentions-me", messages[0].ClassList);
            Assert.DoesNotContain("mentions-me", messages[1].ClassList);
        });
    }

    private static List<string?> Offered(IRenderedComponent<BlazorChat.Web.Components.Pages.Chat> cut) =>
        [.. cut.FindAll("#mention-suggestions [role='option']").Select(o => o.GetAttribute("data-user"))];
}
