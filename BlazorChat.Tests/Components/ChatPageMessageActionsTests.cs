using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

/// <summary>Messages that change in the chat page: edits, deletes and reactions, live and by the reader's own hand.</summary>
public sealed class ChatPageMessageActionsTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task AnEditByItsAuthor_ReplacesTheTextLive_AndMarksItEdited()
    {
        var sent = (await Chat.SendAsync("bob", General, "teh plan", cancellationToken: Ct)).Value!;
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal("teh plan", cut.Find(".chat-text").TextContent));
        Assert.Empty(cut.FindAll(".chat-edited"));

        await Chat.EditAsync("bob", sent.MessageId, "the plan", Ct);

        cut.WaitForAssertion(() =>
        {
            var message = Assert.Single(cut.FindAll("#messages .chat-message"));
            Assert.Equal("the plan", message.QuerySelector(".chat-text")!.TextContent);
            Assert.Equal("edited", message.QuerySelector(".chat-edited")!.TextContent);
        });
    }

    [Fact]
    public async Task ADeletedMessage_IsAMutedLine_WithoutTextActionsOrReactions()
    {
        var sent = (await Chat.SendAsync("bob", General, "oops, wrong room", cancellationToken: Ct)).Value!;
        await Chat.ReactAsync("carol", sent.MessageId, "👀", on: true, Ct);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".chat-reaction")));
        Assert.Single(cut.FindAll(".chat-message .chat-actions"));

        await Chat.DeleteAsync("bob", sent.MessageId, Ct);

        cut.WaitForAssertion(() =>
        {
            var message = Assert.Single(cut.FindAll("#messages .chat-message"));
            Assert.Contains("deleted", message.ClassList);
            Assert.Equal("message deleted", message.QuerySelector(".chat-deleted")!.TextContent);
            Assert.Null(message.QuerySelector(".chat-text"));
            Assert.Null(message.QuerySelector(".chat-actions"));
            Assert.Null(message.QuerySelector(".chat-reaction"));
        });
        Assert.DoesNotContain("oops", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactions_ShowCountAndWho_AndAClickTogglesMine()
    {
        var sent = (await Chat.SendAsync("bob", General, "lunch at noon?", cancellationToken: Ct)).Value!;
        await Chat.ReactAsync("bob", sent.MessageId, "👍", on: true, Ct);
        var cut = RenderChat();
        cut.WaitForAssertion(() =>
        {
            var chip = cut.Find(".chat-reaction");
            Assert.Equal("1", chip.QuerySelector(".chat-reaction-count")!.TextContent);
            Assert.Equal("bob reacted with 👍", chip.GetAttribute("title"));
            Assert.DoesNotContain("mine", chip.ClassList);
        });

        cut.Find(".chat-reaction").Click();

        cut.WaitForAssertion(() =>
        {
            var chip = cut.Find(".chat-reaction");
            Assert.Equal("2", chip.QuerySelector(".chat-reaction-count")!.TextContent);
            Assert.Equal("bob, you reacted with 👍", chip.GetAttribute("title"));
            Assert.Contains("mine", chip.ClassList);
            Assert.Equal("true", chip.GetAttribute("aria-pressed"));
        });
        Assert.Equal(["bob", "alice"], (await Reactions(sent)).Single().Users);

        cut.Find(".chat-reaction").Click();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(".chat-reaction .chat-reaction-count").TextContent));
        Assert.Equal(["bob"], (await Reactions(sent)).Single().Users);
    }

    [Fact]
    public async Task TheEmojiPicker_ReactsWithThePickedEmoji_ForEveryone()
    {
        using var bob = await ConnectAsync("bob");
        var sent = (await Chat.SendAsync("bob", General, "shipped it", cancellationToken: Ct)).Value!;
        var cut = RenderChat();
        cut.WaitForElement(".chat-message [data-action='react']");

        cut.Find(".chat-message [data-action='react']").Click();
        Popovers!.WaitForElement(".chat-emoji[data-emoji='🎉']").Click();

        cut.WaitForAssertion(() =>
        {
            var chip = Assert.Single(cut.FindAll(".chat-reaction"));
            Assert.Equal("🎉", chip.QuerySelector(".chat-reaction-emoji")!.TextContent);
            Assert.Contains("mine", chip.ClassList);
        });
        var change = await bob.WaitForAsync<MessageChanged>();
        Assert.Equal((ChangeKind.Reacted, "alice", "🎉", true, sent.MessageId),
            (change.Change.Kind, change.Change.User, change.Change.Emoji, change.Change.On, change.Change.Message.MessageId));
    }

    [Fact]
    public async Task OnlyMyOwnMessages_OfferEditAndDelete_EveryMessageOffersReactAndReply()
    {
        await Chat.SendAsync("bob", General, "from bob", cancellationToken: Ct);
        await Chat.SendAsync("alice", General, "from alice", cancellationToken: Ct);
        var cut = RenderChat();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#messages .chat-message").Count));
        var (bobs, mine) = (cut.FindAll("#messages .chat-message")[0], cut.FindAll("#messages .chat-message")[1]);
        Assert.Null(bobs.QuerySelector("[data-action='edit']"));
        Assert.Null(bobs.QuerySelector("[data-action='delete']"));
        Assert.NotNull(bobs.QuerySelector("[data-action='reply']"));
        Assert.NotNull(bobs.QuerySelector(".chat-emoji-picker"));
        Assert.NotNull(mine.QuerySelector("[data-action='edit']"));
        Assert.NotNull(mine.QuerySelector("[data-action='delete']"));
        Assert.NotNull(mine.QuerySelector("[data-action='more']")); // the touch screens' "⋯"
    }

    [Fact]
    public async Task ArrowUpInTheEmptyComposer_EditsMyLastMessage_AndEnterSavesIt()
    {
        await Chat.SendAsync("alice", General, "first", cancellationToken: Ct);
        var last = (await Chat.SendAsync("alice", General, "secnd", cancellationToken: Ct)).Value!;
        await Chat.SendAsync("bob", General, "bob's, newer", cancellationToken: Ct);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#messages .chat-message").Count));

        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });

        var editor = cut.WaitForElement($".chat-message[data-message-id='{last.MessageId}'] .chat-editor textarea");
        Assert.Equal("secnd", editor.GetAttribute("value") ?? editor.TextContent);
        editor.Input("second");
        cut.Find(".chat-editor textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll(".chat-editor"));
            var message = cut.Find($".chat-message[data-message-id='{last.MessageId}']");
            Assert.Equal("second", message.QuerySelector(".chat-text")!.TextContent);
            Assert.NotNull(message.QuerySelector(".chat-edited"));
        });
        var stored = (await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!;
        Assert.Equal(["first", "second", "bob's, newer"], stored.Select(m => m.Text));
    }

    [Fact]
    public async Task Escape_CancelsTheEdit_AndNothingChanges()
    {
        var sent = (await Chat.SendAsync("alice", General, "as it was", cancellationToken: Ct)).Value!;
        var cut = RenderChat();
        cut.WaitForElement(".chat-message [data-action='edit']").Click();
        cut.WaitForElement(".chat-editor textarea").Input("something else");

        cut.Find(".chat-editor textarea").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll(".chat-editor"));
            Assert.Equal("as it was", cut.Find(".chat-text").TextContent);
        });
        var stored = Assert.Single((await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!);
        Assert.Equal((sent.Version, "as it was", (DateTimeOffset?)null), (stored.Version, stored.Text, stored.EditedAt));
    }

    [Fact]
    public async Task ARefusedEdit_SaysWhy_AndKeepsTheEditorOpenWithTheText()
    {
        await Chat.SendAsync("alice", General, "short", cancellationToken: Ct);
        var cut = RenderChat();
        cut.WaitForElement(".chat-message [data-action='edit']").Click();
        var tooLong = new string('y', Options.MaxTextChars + 1);

        cut.WaitForElement(".chat-editor textarea").Input(tooLong);
        cut.Find("[data-action='save-edit']").Click();

        cut.WaitForAssertion(() => Assert.Equal(ChatErrorCodes.TooLarge, cut.Find(".chat-edit-error").GetAttribute("data-code")));
        Assert.Equal(tooLong, cut.Find(".chat-editor textarea").GetAttribute("value"));
        Assert.Equal("short", Assert.Single((await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!).Text);
    }

    [Fact]
    public async Task Delete_AsksFirst_AndOnlyTheConfirmationDeletes()
    {
        using var bob = await ConnectAsync("bob");
        var sent = (await Chat.SendAsync("alice", General, "regrettable", cancellationToken: Ct)).Value!;
        var cut = RenderChat();

        cut.WaitForElement(".chat-message [data-action='delete']").Click();
        cut.WaitForAssertion(() => Assert.Equal("Delete this message?", cut.Find(".chat-delete-question").TextContent));
        cut.Find("[data-action='cancel-delete']").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".chat-delete-question")));
        Assert.False(Assert.Single((await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!).Deleted);

        cut.Find(".chat-message [data-action='delete']").Click();
        cut.WaitForElement("[data-action='confirm-delete']").Click();

        cut.WaitForAssertion(() => Assert.Equal("message deleted", cut.Find(".chat-deleted").TextContent));
        var change = await bob.WaitForAsync<MessageChanged>();
        Assert.Equal((ChangeKind.Deleted, sent.MessageId), (change.Change.Kind, change.Change.Message.MessageId));
    }

    private async Task<IReadOnlyList<ReactionSummary>> Reactions(ChatMessage message) =>
        (await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!.Single(m => m.MessageId == message.MessageId).Reactions;
}
