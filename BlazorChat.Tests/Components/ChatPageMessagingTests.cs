using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

public sealed class ChatPageMessagingTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task ChatPage_ShowsHistoryOfGeneral_WhenOpened()
    {
        await Chat.SendAsync("bob", General, "first", cancellationToken: Ct);
        await Chat.SendAsync("alice", General, "second", cancellationToken: Ct);

        var cut = RenderChat();

        cut.WaitForAssertion(() =>
        {
            var messages = cut.FindAll("#messages .chat-message");
            Assert.Equal(["first", "second"], messages.Select(m => m.QuerySelector(".chat-text")!.TextContent));
            Assert.Equal(["bob", "alice"], messages.Select(m => m.QuerySelector(".chat-sender")!.TextContent));
            Assert.Equal(["1", "2"], messages.Select(m => m.GetAttribute("data-seq")));
            Assert.False(messages[0].ClassList.Contains("mine"));
            Assert.True(messages[1].ClassList.Contains("mine"));
        });
        Assert.Equal("general", cut.Find("#conversation-title").TextContent);
        Assert.Equal("general", cut.Find("#room-list a.active").GetAttribute("data-room"));
        Assert.NotEmpty(cut.Find(".chat-message .chat-time").GetAttribute("title")!);
    }

    [Fact]
    public async Task PressingEnter_SendsTheMessage_AndOtherMembersReceiveIt()
    {
        using var bob = await ConnectAsync("bob");
        var cut = RenderChat();

        var box = cut.Find("#composer textarea");
        box.Input("hello bob");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() =>
        {
            var mine = Assert.Single(cut.FindAll(".chat-message.mine"));
            Assert.Equal("hello bob", mine.QuerySelector(".chat-text")!.TextContent);
        });
        var received = await bob.WaitForAsync<MessagePosted>();
        Assert.Equal(("alice", "general", "hello bob"), (received.Message.From, received.Message.Room, received.Message.Text));
        cut.WaitForAssertion(() => Assert.Equal(string.Empty, cut.Find("#composer textarea").GetAttribute("value") ?? string.Empty));
    }

    [Fact]
    public async Task ShiftEnter_DoesNotSend_ItStartsANewLine()
    {
        var cut = RenderChat();

        cut.Find("#composer textarea").Input("line one");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });
        cut.WaitForAssertion(() => Assert.Equal("line one", cut.Find("#composer textarea").GetAttribute("value")));

        // The browser inserts the newline; a plain Enter then sends both lines as one message.
        cut.Find("#composer textarea").Input("line one\nline two");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal("line one\nline two", Assert.Single(cut.FindAll(".chat-text")).TextContent));
        var history = (await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!;
        Assert.Equal("line one\nline two", Assert.Single(history).Text);
    }

    [Fact]
    public async Task MessageFromAnotherUser_AppearsLive_WithSenderAndText()
    {
        var cut = RenderChat();

        await Chat.SendAsync("bob", General, "hi everyone", cancellationToken: Ct);

        cut.WaitForAssertion(() =>
        {
            var message = Assert.Single(cut.FindAll(".chat-message"));
            Assert.Equal("bob", message.QuerySelector(".chat-sender")!.TextContent);
            Assert.Equal("hi everyone", message.QuerySelector(".chat-text")!.TextContent);
            Assert.False(message.ClassList.Contains("mine"));
        });
    }

    [Fact]
    public async Task HostileText_IsRenderedAsText_NeverAsMarkup()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        await Chat.SendAsync("bob", General, hostile, cancellationToken: Ct);

        var cut = RenderChat();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find(".chat-text");
            Assert.Equal(hostile, text.TextContent);
            Assert.Contains("&lt;img", text.InnerHtml, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll(".chat-text img"));
            Assert.Equal("auto", text.GetAttribute("dir"));
        });
    }

    [Fact]
    public async Task TooLongMessage_ShowsTooLargeError_AndKeepsTheText()
    {
        var cut = RenderChat();
        var tooLong = new string('x', Options.MaxTextChars + 1);

        cut.Find("#composer textarea").Input(tooLong);
        cut.Find("#send").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(ChatErrorCodes.TooLarge, cut.Find("#composer-error").GetAttribute("data-code"));
            Assert.Contains("Too long", cut.Find("#composer-error").TextContent, StringComparison.Ordinal);
        });
        Assert.Equal(tooLong, cut.Find("#composer textarea").GetAttribute("value"));
        Assert.Contains($"{Options.MaxTextChars + 1} / {Options.MaxTextChars}", cut.Find("#composer-counter").TextContent, StringComparison.Ordinal);
        Assert.Empty((await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!);
    }

    [Fact]
    public async Task RetryingAfterALostAcknowledgement_SendsTheMessageOnce()
    {
        var cut = RenderChat();
        Store.LoseNextAck = true;

        cut.Find("#composer textarea").Input("exactly once");
        cut.Find("#send").Click();
        cut.WaitForAssertion(() => Assert.Equal(ChatErrorCodes.Internal, cut.Find("#composer-error").GetAttribute("data-code")));
        cut.Find("#send").Click(); // the person tries again

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#composer-error")));
        var history = (await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!;
        Assert.Single(history, m => m.Text == "exactly once");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".chat-message .chat-text"), e => e.TextContent == "exactly once"));
    }

    [Fact]
    public async Task LoadOlder_PagesBackwardsThroughHistory()
    {
        for (var i = 1; i <= 60; i++)
        {
            await Chat.SendAsync(i % 2 == 0 ? "alice" : "carol", General, $"message {i}", cancellationToken: Ct);
            Time.Advance(TimeSpan.FromSeconds(1)); // stay under the send rate limit
        }

        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll(".chat-message").Count));
        Assert.Equal("11", cut.Find(".chat-message").GetAttribute("data-seq"));

        cut.Find("#load-older").Click();

        cut.WaitForAssertion(() => Assert.Equal(60, cut.FindAll(".chat-message").Count));
        Assert.Equal("1", cut.Find(".chat-message").GetAttribute("data-seq"));
        Assert.Empty(cut.FindAll("#load-older"));
    }
}
