using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

/// <summary>The tab's signals for a reader who looks elsewhere: title, favicon, notifications, drawer badges, menu dot.</summary>
public sealed class ChatPageNoticingTests : ChatTestContext
{
    private static readonly ChatTarget ToAlice = ChatTarget.ToUser("alice");

    [Fact]
    public async Task ADirectMessage_PutsItsCountInTheTabTitle_AndOnTheFavicon_UntilItIsRead()
    {
        var head = Render<HeadOutlet>();
        var cut = RenderChat();
        head.WaitForAssertion(() => Assert.Equal("#general · BlazorChat", head.Find("title").TextContent));

        await Chat.SendAsync("bob", ToAlice, "one", cancellationToken: Ct);
        await Chat.SendAsync("bob", ToAlice, "two", cancellationToken: Ct);

        head.WaitForAssertion(() => Assert.Equal("(2) #general · BlazorChat", head.Find("title").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(2, LastBadge()));

        cut.Render(p => p.Add(c => c.User, "bob"));

        head.WaitForAssertion(() => Assert.Equal("@bob · BlazorChat", head.Find("title").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(0, LastBadge()));
    }

    [Fact]
    public async Task AHiddenTab_AnnouncesADirectMessage_EvenInTheOpenConversation_AndCountsIt()
    {
        var head = Render<HeadOutlet>();
        var cut = RenderChat(user: "bob");
        await cut.InvokeAsync(() => cut.Instance.SetHidden(true));

        await Chat.SendAsync("bob", ToAlice, "are you there?", cancellationToken: Ct);

        cut.WaitForAssertion(() =>
        {
            var notice = Assert.Single(Announced());
            Assert.Equal(new Notice("bob", "are you there?", "@bob", "dm/bob"), notice);
        });
        head.WaitForAssertion(() => Assert.StartsWith("(1) ", head.Find("title").TextContent, StringComparison.Ordinal));

        await cut.InvokeAsync(() => cut.Instance.SetHidden(false));
        head.WaitForAssertion(() => Assert.Equal("@bob · BlazorChat", head.Find("title").TextContent));
    }

    [Fact]
    public async Task AVisibleTab_AnnouncesOnlyWhatIsNotInView()
    {
        var cut = RenderChat(user: "bob");

        await Chat.SendAsync("bob", ToAlice, "in view", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".chat-text"), t => t.TextContent == "in view"));
        await Chat.SendAsync("carol", ToAlice, "elsewhere", cancellationToken: Ct);
        await Chat.SendAsync("carol", ChatTarget.ToRoom(ChatNames.General), "a room message", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.Equal(["elsewhere"], Announced().Select(n => n.Body)));
    }

    [Fact]
    public async Task TheClosedDrawersMenuButton_ShowsADot_WhileAnotherConversationHasUnread()
    {
        var cut = RenderChat();
        if (cut.FindAll(".mud-drawer--open").Count > 0) // MudBlazor may already have closed it for a small screen
        {
            cut.Find("#drawer-toggle").Click();
        }

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-drawer--open")));
        Assert.Empty(cut.FindAll("#unread-elsewhere-dot"));

        await Chat.SendAsync("bob", ToAlice, "psst", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#unread-elsewhere-dot")));
        Assert.Contains("unread", cut.Find("#drawer-toggle").GetAttribute("aria-label"), StringComparison.Ordinal);
        cut.Render(p => p.Add(c => c.User, "bob"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#unread-elsewhere-dot")));
    }

    [Fact]
    public void TheDrawer_ShowsAnAtBadge_BesideTheUnreadCount_OfAConversationThatMentionsMe()
    {
        var state = new ChatViewState("alice");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops", "dev"], ["alice"],
            [new UnreadCount(ConversationKey.ForRoom("dev"), "dev", null, 4, 0, 4, Mentions: 2)]), Time.GetUtcNow());
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        state.Apply(new MessagePosted(OpsMessage(1, mentions: [])), Time.GetUtcNow());
        state.Apply(new MessagePosted(OpsMessage(2, mentions: ["alice"])), Time.GetUtcNow());

        var drawer = Render<ChatDrawer>(p => p.Add(d => d.State, state));

        Assert.Equal("2", drawer.Find("#room-list a[data-room='ops'] .chat-unread").TextContent);
        Assert.Equal("@1", drawer.Find("#room-list a[data-room='ops'] .chat-mentions").TextContent);
        Assert.Contains("2 unread, 1 mention", drawer.Find("#room-list a[data-room='ops']").TextContent, StringComparison.Ordinal);
        Assert.Equal("@2", drawer.Find("#room-list a[data-room='dev'] .chat-mentions").TextContent);
        Assert.Empty(drawer.FindAll("#room-list a[data-room='general'] .chat-mentions"));
    }

    [Fact]
    public void TheNotificationControl_OffersToEnable_WithTheMarkThatAsksFromTheClick()
    {
        JSInterop.Setup<NoticeSettings?>("blazorChatNotices.register", _ => true)
            .SetResult(new NoticeSettings(true, "default", true, false));
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var menu = Render<NotificationMenu>();

        menu.Find("#notices-menu button").Click();

        popovers.WaitForAssertion(() => Assert.NotNull(popovers.Find("#notices-enable").GetAttribute("data-notices-enable")));
        Assert.Contains("Enable notifications", popovers.Find("#notices-enable").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier.Contains("ermission", StringComparison.Ordinal));
    }

    private int? LastBadge() =>
        JSInterop.Invocations["blazorChatNotices.setBadge"].Select(i => (int?)i.Arguments[0]).LastOrDefault();

    private IEnumerable<Notice> Announced() =>
        JSInterop.Invocations["blazorChatNotices.announce"].Select(i => (Notice)i.Arguments[0]!);

    private ChatMessage OpsMessage(long seq, string[] mentions) =>
        new($"o{seq}", ConversationKey.ForRoom("ops"), seq, "bob", "ops", null, $"ops {seq}", Time.GetUtcNow(), null)
        {
            Mentions = mentions,
        };
}
