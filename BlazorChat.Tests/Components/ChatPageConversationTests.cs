using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Components;

public sealed class ChatPageConversationTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task DirectConversation_ShowsOnlyItsHistory_AndReachesOnlyThePeer()
    {
        await Chat.SendAsync("bob", General, "room talk", cancellationToken: Ct);
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "psst alice", cancellationToken: Ct);
        await Chat.SendAsync("carol", ChatTarget.ToUser("alice"), "carol here", cancellationToken: Ct);
        using var bob = await ConnectAsync("bob");
        using var carol = await ConnectAsync("carol");

        var cut = RenderChat(user: "bob");

        cut.WaitForAssertion(() =>
            Assert.Equal(["psst alice"], cut.FindAll(".chat-message .chat-text").Select(t => t.TextContent)));
        Assert.Equal("bob", cut.Find("#conversation-title").TextContent);
        Assert.Equal("bob", cut.Find("#people-list a.active").GetAttribute("data-user"));
        Assert.Empty(cut.FindAll("#room-list a.active"));

        cut.Find("#composer textarea").Input("just for you");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        var received = await bob.WaitForAsync<MessagePosted>(e => e.Message.Text == "just for you");
        Assert.Equal(("alice", "bob", null), (received.Message.From, received.Message.To, received.Message.Room));
        // Carol's queue is in order: once she has bob's later message, alice's DM would have been before it.
        await Chat.SendAsync("bob", ChatTarget.ToUser("carol"), "marker", cancellationToken: Ct);
        await carol.WaitForAsync<MessagePosted>(e => e.Message.Text == "marker");
        Assert.Equal(["marker"], carol.Events.OfType<MessagePosted>().Select(e => e.Message.Text));
    }

    [Fact]
    public async Task SwitchingConversation_KeepsOneConnection_AndShowsTheNewHistory()
    {
        await Chat.SendAsync("bob", General, "in general", cancellationToken: Ct);
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "in dm", cancellationToken: Ct);
        using var bob = await ConnectAsync("bob");
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal("in general", cut.Find(".chat-text").TextContent));

        cut.Render(p => p.Add(c => c.User, "bob"));

        cut.WaitForAssertion(() => Assert.Equal(["in dm"], cut.FindAll(".chat-text").Select(t => t.TextContent)));
        Assert.DoesNotContain(bob.Events.OfType<PresenceUpdated>().SelectMany(p => p.Changes), c => c == new PresenceChange("alice", false));
        Assert.Contains("alice", Chat.OnlineUsers);
    }

    [Fact]
    public async Task DirectMessageToAnotherConversation_CountsAsUnread_AndPopsASnackbar_UntilOpened()
    {
        var cut = RenderChat();

        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "hi", cancellationToken: Ct);

        cut.WaitForAssertion(() =>
            Assert.Equal("1", cut.Find("#people-list a[data-user='bob'] .chat-unread").TextContent));
        Assert.Empty(cut.FindAll(".chat-message")); // general stays as it was
        var snackbars = Snackbars!;
        snackbars.WaitForAssertion(() => Assert.Contains("bob: hi", snackbars.Markup, StringComparison.Ordinal));

        cut.Render(p => p.Add(c => c.User, "bob"));

        cut.WaitForAssertion(() => Assert.Equal("hi", cut.Find(".chat-text").TextContent));
        Assert.Empty(cut.FindAll("#people-list .chat-unread"));
    }

    [Fact]
    public async Task Presence_FollowsOtherUsersConnections()
    {
        var cut = RenderChat();
        const string bobsDot = "#people-list a[data-user='bob'] .chat-presence";
        Assert.Empty(cut.FindAll(bobsDot)); // offline, and no conversation with me: found by search, not listed

        var bob = await ConnectAsync("bob");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(bobsDot).GetAttribute("data-online")));
        Assert.Equal("bob", cut.Find("#people-list a").GetAttribute("data-user")); // online first

        bob.Dispose();
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find(bobsDot).GetAttribute("data-online"))); // seen here: stays listed
    }

    [Fact]
    public async Task TypingIndicator_ShowsWhoTypes_AndExpires()
    {
        var cut = RenderChat();

        await Chat.TypingAsync("bob", General, Ct);
        cut.WaitForAssertion(() => Assert.Equal("bob is typing…", cut.Find("#typing-indicator").TextContent.Trim()));

        Advance(TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Equal(string.Empty, cut.Find("#typing-indicator").TextContent.Trim()));
    }

    [Fact]
    public async Task TypingInADirectConversation_ShowsOnlyThere()
    {
        var cut = RenderChat(user: "bob");

        await Chat.TypingAsync("carol", ChatTarget.ToUser("alice"), Ct);
        await Chat.TypingAsync("bob", ChatTarget.ToUser("alice"), Ct);

        cut.WaitForAssertion(() => Assert.Equal("bob is typing…", cut.Find("#typing-indicator").TextContent.Trim()));
    }

    [Fact]
    public async Task DisposingThePage_EndsItsSubscription_SoTheUserGoesOffline()
    {
        using var bob = await ConnectAsync("bob");
        var cut = RenderChat();
        Assert.Contains("alice", Chat.OnlineUsers);
        await bob.WaitForAsync<PresenceUpdated>(e => e.Changes.Contains(new PresenceChange("alice", true)));

        await DisposeComponentsAsync();

        await bob.WaitForAsync<PresenceUpdated>(e => e.Changes.Contains(new PresenceChange("alice", false)));
        Assert.DoesNotContain("alice", Chat.OnlineUsers);
    }

    [Fact]
    public async Task JoiningARoom_AddsItToTheList_AndLeavingRemovesIt()
    {
        var cut = RenderChat();

        cut.Find("#join-room input").Input("Not Valid!");
        cut.Find("#join-room-submit").Click();
        cut.WaitForAssertion(() => Assert.Contains("a-z", cut.Find("#join-room").TextContent, StringComparison.Ordinal));

        cut.Find("#join-room input").Input("dotnet");
        cut.Find("#join-room-submit").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#room-list a[data-room='dotnet']")));
        Assert.EndsWith("/rooms/dotnet", NavigationManager().Uri, StringComparison.Ordinal);
        Assert.Contains("dotnet", await Chat.GetRoomsAsync("alice", Ct));

        cut.Find("button[data-leave='dotnet']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#room-list a[data-room='dotnet']")));
        Assert.DoesNotContain("dotnet", await Chat.GetRoomsAsync("alice", Ct));
    }

    [Fact]
    public async Task NewMessagesHint_AppearsOnlyWhenScrolledUp()
    {
        var cut = RenderChat();
        var list = cut.FindComponent<MessageList>();

        await Chat.SendAsync("bob", General, "while at the bottom", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".chat-message")));
        Assert.Empty(cut.FindAll("#new-messages-hint"));

        await list.Instance.SetPinned(false); // what chat.js reports when the reader scrolls up
        await Chat.SendAsync("bob", General, "while reading older ones", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#new-messages-hint")));
        var scrolls = JSInterop.Invocations["blazorChat.scrollToBottom"].Count;
        cut.Find("#new-messages-hint").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#new-messages-hint")));
        Assert.Equal(scrolls + 1, JSInterop.Invocations["blazorChat.scrollToBottom"].Count);
    }

    private NavigationManager NavigationManager() => Services.GetRequiredService<NavigationManager>();
}
