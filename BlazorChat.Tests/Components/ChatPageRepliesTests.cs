using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

/// <summary>Replies in the main list, the count on their root, and the thread panel.</summary>
public sealed class ChatPageRepliesTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task Reply_FromAMessagesActions_SendsAReply_ThatQuotesItsRoot_AndTheRootCountsIt()
    {
        using var bob = await ConnectAsync("bob");
        var root = (await Chat.SendAsync("bob", General, "who reviews #42?\nit is small", cancellationToken: Ct)).Value!;
        var cut = RenderChat();

        cut.WaitForElement("[data-action='reply']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Replying to bob", cut.Find("#reply-banner").TextContent, StringComparison.Ordinal));
        cut.Find("#composer textarea").Input("me");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        var posted = await bob.WaitForAsync<MessagePosted>(p => p.Message.Text == "me");
        Assert.Equal(root.MessageId, posted.Message.ReplyTo);
        cut.WaitForAssertion(() =>
        {
            var reply = cut.Find(".chat-message.reply");
            Assert.Equal("bob", reply.QuerySelector(".chat-reply-author")!.TextContent);
            Assert.Equal("who reviews #42?", reply.QuerySelector(".chat-reply-line")!.TextContent);
            Assert.Equal("1 reply", cut.Find($".chat-message[data-message-id='{root.MessageId}'] .chat-thread-link").TextContent.Trim());
            Assert.Empty(cut.FindAll("#reply-banner"));
        });
    }

    [Fact]
    public async Task EscapeInTheComposer_GivesUpTheReply_AndThenItSendsAPlainMessage()
    {
        await Chat.SendAsync("bob", General, "a question", cancellationToken: Ct);
        var cut = RenderChat();
        cut.WaitForElement("[data-action='reply']").Click();
        cut.WaitForElement("#reply-banner");

        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#reply-banner")));
        cut.Find("#composer textarea").Input("not an answer");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#messages .chat-message").Count));
        var history = (await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!;
        Assert.Null(history[^1].ReplyTo);
    }

    [Fact]
    public async Task LiveReplies_RaiseTheRootsCount()
    {
        var root = (await Chat.SendAsync("bob", General, "standup?", cancellationToken: Ct)).Value!;
        var cut = RenderChat();
        cut.WaitForElement(".chat-message");
        Assert.Empty(cut.FindAll(".chat-thread-link"));

        await Chat.SendAsync("carol", General, "yes", replyTo: root.MessageId, cancellationToken: Ct);
        await Chat.SendAsync("bob", General, "10:00", replyTo: root.MessageId, cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.Equal("2 replies", cut.Find(".chat-thread-link").TextContent.Trim()));
    }

    [Fact]
    public async Task ClickingAQuote_ScrollsToItsRoot_WhenItIsShown()
    {
        var root = (await Chat.SendAsync("bob", General, "the root", cancellationToken: Ct)).Value!;
        await Chat.SendAsync("carol", General, "the reply", replyTo: root.MessageId, cancellationToken: Ct);
        var cut = RenderChat();

        cut.WaitForElement(".chat-reply-quote").Click();

        cut.WaitForAssertion(() =>
        {
            var scroll = Assert.Single(JSInterop.Invocations["blazorChat.scrollToMessage"]);
            Assert.Equal(root.Seq, scroll.Arguments[1]);
        });
        Assert.Empty(cut.FindAll("#thread-panel"));
    }

    [Fact]
    public async Task AQuotedRootNotShown_IsReadForTheQuote_AndClickingItOpensTheThread()
    {
        var root = (await Chat.SendAsync("bob", General, "an old question", cancellationToken: Ct)).Value!;
        for (var i = 0; i < 60; i++) // more than a page: the root is not among the newest shown
        {
            await Store.AppendAsync(
                new NewMessage($"chatter{i}", ConversationKey.ForRoom(ChatNames.General), "carol", ChatNames.General, null,
                    $"chatter {i}", Time.GetUtcNow(), null));
        }

        await Chat.SendAsync("carol", General, "a late answer", replyTo: root.MessageId, cancellationToken: Ct);
        var cut = RenderChat();

        cut.WaitForAssertion(() => Assert.Equal("an old question", cut.Find(".chat-message.reply .chat-reply-line").TextContent));
        Assert.Empty(cut.FindAll($"#messages .chat-message[data-message-id='{root.MessageId}']"));
        cut.Find(".chat-reply-quote").Click();

        cut.WaitForAssertion(() => Assert.Equal("an old question", cut.Find("#thread-panel .chat-text").TextContent));
    }

    [Fact]
    public async Task TheThreadPanel_ListsRootAndReplies_FollowsTheThreadLive_AndAnswersInIt()
    {
        using var bob = await ConnectAsync("bob");
        var root = (await Chat.SendAsync("bob", General, "release today?", cancellationToken: Ct)).Value!;
        await Chat.SendAsync("carol", General, "after lunch", replyTo: root.MessageId, cancellationToken: Ct);
        await Chat.SendAsync("carol", General, "not in the thread", cancellationToken: Ct);
        var cut = RenderChat();

        cut.WaitForElement(".chat-thread-link").Click();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["release today?", "after lunch"], cut.FindAll("#thread-panel .chat-text").Select(t => t.TextContent));
            Assert.Equal("1 reply", cut.Find("#thread-count").TextContent);
        });

        await Chat.SendAsync("bob", General, "ok by me", replyTo: root.MessageId, cancellationToken: Ct);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["release today?", "after lunch", "ok by me"], cut.FindAll("#thread-panel .chat-text").Select(t => t.TextContent));
            Assert.Equal("2 replies", cut.Find("#thread-count").TextContent);
        });

        cut.Find("#thread-composer textarea").Input("shipping at 3");
        cut.Find("#thread-composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        var posted = await bob.WaitForAsync<MessagePosted>(p => p.Message.Text == "shipping at 3");
        Assert.Equal(root.MessageId, posted.Message.ReplyTo);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("shipping at 3", cut.FindAll("#thread-panel .chat-text")[^1].TextContent);
            Assert.Equal("3 replies", cut.Find("#thread-count").TextContent);
            Assert.Equal("shipping at 3", cut.FindAll("#messages .chat-message")[^1].QuerySelector(".chat-text")!.TextContent);
            Assert.Equal("3 replies", cut.Find("#messages .chat-thread-link").TextContent.Trim());
        });

        await Chat.EditAsync("bob", root.MessageId, "release today at 3?", Ct);
        cut.WaitForAssertion(() => Assert.Equal("release today at 3?", cut.Find("#thread-panel .chat-text").TextContent));

        cut.Find("#thread-close").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#thread-panel")));
    }
}
