using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using Bunit;

namespace BlazorChat.Tests.Components;

/// <summary>The drawer's unread counts: from the server at connect, live, and cleared wherever the user reads.</summary>
public sealed class ChatPageUnreadTests : ChatTestContext
{
    private const string OpsBadge = "#room-list a[data-room='ops'] .chat-unread";
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);
    private static readonly ChatTarget Ops = ChatTarget.ToRoom("ops");

    [Fact]
    public async Task Drawer_ShowsTheStoredCounts_ForRoomsAndPeople_WithAnAccessibleLabel()
    {
        await UnreadInOpsAsync(3);
        await Chat.SendAsync("carol", ChatTarget.ToUser("alice"), "one", cancellationToken: Ct);
        await Chat.SendAsync("carol", ChatTarget.ToUser("alice"), "two", cancellationToken: Ct);

        var cut = RenderChat();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find(OpsBadge).TextContent));
        Assert.Equal("2", cut.Find("#people-list a[data-user='carol'] .chat-unread").TextContent);
        Assert.Equal("true", cut.Find(OpsBadge).GetAttribute("aria-hidden"));
        Assert.Contains("3 unread", cut.Find("#room-list a[data-room='ops']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#room-list a[data-room='general'] .chat-unread"));
    }

    [Fact]
    public async Task OpeningAConversation_MarksItRead_InEveryTabOfTheUser()
    {
        await UnreadInOpsAsync(3);
        using var otherTab = await ConnectAsync("alice");
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find(OpsBadge).TextContent));

        cut.Render(p => p.Add(c => c.Room, "ops"));

        var read = await otherTab.WaitForAsync<ReadMarkerChanged>(e => e.Room == "ops");
        Assert.Equal(3, read.Seq);
        using var later = await ConnectAsync("alice");
        var hello = await later.WaitForAsync<SessionStarted>();
        Assert.Equal((0, 3L), hello.Unread.Where(u => u.Room == "ops").Select(u => (u.Count, u.LastReadSeq)).Single());
    }

    [Fact]
    public async Task ReadingInAnotherTab_ClearsTheCountHere()
    {
        await UnreadInOpsAsync(2);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find(OpsBadge).TextContent));

        await Chat.MarkReadAsync("alice", Ops, 2, Ct);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(OpsBadge)));
    }

    [Fact]
    public async Task LiveMessages_CountElsewhere_AndAreMarkedReadInTheOpenConversation()
    {
        await UnreadInOpsAsync(0);
        using var otherTab = await ConnectAsync("alice");
        var cut = RenderChat();

        await Chat.SendAsync("bob", Ops, "elsewhere", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(OpsBadge).TextContent));
        var here = await Chat.SendAsync("bob", General, "right here", cancellationToken: Ct);

        var read = await otherTab.WaitForAsync<ReadMarkerChanged>(e => e.Room == ChatNames.General);
        Assert.Equal(here.Value!.Seq, read.Seq);
        Assert.Equal("1", cut.Find(OpsBadge).TextContent);
    }

    [Fact]
    public async Task MyOwnMessages_WriteNoMarker()
    {
        using var otherTab = await ConnectAsync("alice");
        var cut = RenderChat();

        await Chat.SendAsync("alice", General, "just me", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal("just me", cut.Find(".chat-text").TextContent));
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "barrier", cancellationToken: Ct);

        await otherTab.WaitForAsync<MessagePosted>(e => e.Message.Text == "barrier");
        Assert.DoesNotContain(otherTab.Events, e => e is ReadMarkerChanged);
    }

    [Fact]
    public async Task ABackgroundTab_MarksNothingRead_UntilItIsSeenAgain()
    {
        using var otherTab = await ConnectAsync("alice");
        var cut = RenderChat();
        await cut.InvokeAsync(() => cut.Instance.SetHidden(true));

        var unseen = await Chat.SendAsync("bob", General, "while you were away", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal("while you were away", cut.Find(".chat-text").TextContent));
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "barrier", cancellationToken: Ct);
        await otherTab.WaitForAsync<MessagePosted>(e => e.Message.Text == "barrier");
        Assert.DoesNotContain(otherTab.Events, e => e is ReadMarkerChanged);

        await cut.InvokeAsync(() => cut.Instance.SetHidden(false));

        var read = await otherTab.WaitForAsync<ReadMarkerChanged>(e => e.Room == ChatNames.General);
        Assert.Equal(unseen.Value!.Seq, read.Seq);
    }

    [Fact]
    public async Task ATabOpenedInTheBackground_MarksNothingRead_UntilItIsSeen()
    {
        await UnreadInOpsAsync(2);
        using var otherTab = await ConnectAsync("alice");
        JSInterop.Setup<bool>("blazorChat.watchVisibility", _ => true).SetResult(true); // hidden from the start

        var cut = RenderChat(room: "ops");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".chat-text").Count));
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "barrier", cancellationToken: Ct);
        await otherTab.WaitForAsync<MessagePosted>(e => e.Message.Text == "barrier");
        Assert.DoesNotContain(otherTab.Events, e => e is ReadMarkerChanged);

        await cut.InvokeAsync(() => cut.Instance.SetHidden(false));

        Assert.Equal(2, (await otherTab.WaitForAsync<ReadMarkerChanged>(e => e.Room == "ops")).Seq);
    }

    [Fact]
    public async Task AReaderScrolledUp_MarksNothingRead_UntilTheyReachTheNewest()
    {
        using var otherTab = await ConnectAsync("alice");
        var cut = RenderChat();
        var list = cut.FindComponent<BlazorChat.Web.Components.Chat.MessageList>();
        await list.Instance.SetPinned(false); // chat.js: the reader scrolled up

        var unseen = await Chat.SendAsync("bob", General, "below the fold", cancellationToken: Ct);
        await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "barrier", cancellationToken: Ct);
        await otherTab.WaitForAsync<MessagePosted>(e => e.Message.Text == "barrier");
        Assert.DoesNotContain(otherTab.Events, e => e is ReadMarkerChanged);

        await list.Instance.SetPinned(true); // back at the bottom

        var read = await otherTab.WaitForAsync<ReadMarkerChanged>(e => e.Room == ChatNames.General);
        Assert.Equal(unseen.Value!.Seq, read.Seq);
    }

    /// <summary>alice and bob in ops (alice's marker starts there), then <paramref name="count"/> messages from bob.</summary>
    private async Task UnreadInOpsAsync(int count)
    {
        await Chat.JoinAsync("alice", "ops", cancellationToken: Ct);
        await Chat.JoinAsync("bob", "ops", cancellationToken: Ct);
        for (var i = 0; i < count; i++)
        {
            await Chat.SendAsync("bob", Ops, $"ops {i}", cancellationToken: Ct);
        }
    }
}
