using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>Messages that change after they were shown: the window's and the thread's version rule, and reply counts.</summary>
public sealed class MessageChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnEdit_ReplacesTheMessageHeld_AndAChangeAtOrBelowItsVersionIsIgnored()
    {
        var window = new MessageWindow();
        window.ShowNewest([Message(1), Message(2)]);

        Assert.True(window.Apply(Edited(Message(2), rev: 5, "second, fixed")));
        Assert.False(window.Apply(Edited(Message(2), rev: 4, "an older edit that arrived late")));
        Assert.False(window.Apply(Edited(Message(2), rev: 5, "the same change again")));

        var held = window.Messages[1];
        Assert.Equal(("second, fixed", 5L), (held.Text, held.Version));
        Assert.NotNull(held.EditedAt);
        Assert.Equal("message 1", window.Messages[0].Text);
    }

    [Fact]
    public void AChangeOfAMessageNotHeld_ChangesNothing()
    {
        var window = new MessageWindow();
        window.ShowNewest([Message(1)]);

        Assert.False(window.Apply(Edited(Message(7), rev: 9, "elsewhere")));
        Assert.Equal(["message 1"], window.Messages.Select(m => m.Text));
    }

    [Fact]
    public void ALiveReply_CountsOnItsRoot_OnceEvenWhenSeenTwice()
    {
        var window = new MessageWindow();
        window.ShowNewest([Message(1)]);
        var reply = Message(2) with { ReplyTo = "m1" };

        Assert.True(window.AddLive(reply));  // the send's answer
        Assert.False(window.AddLive(reply)); // then its live event

        Assert.Equal(1, window.Find("m1")!.ReplyCount);
        Assert.Equal(Now, window.Find("m1")!.LastReplyAt);
    }

    [Fact]
    public void AReplyAlreadyInAPage_IsNotCountedAgain_TheRootsCountCameWithIt()
    {
        var window = new MessageWindow();
        window.ShowNewest([Message(1) with { ReplyCount = 1 }, Message(2) with { ReplyTo = "m1" }]);

        window.AddLive(Message(2) with { ReplyTo = "m1" });

        Assert.Equal(1, window.Find("m1")!.ReplyCount);
    }

    [Fact]
    public void ALiveReply_WhileTheReaderIsFarBehind_StillCountsOnAShownRoot()
    {
        var window = new MessageWindow();
        window.ShowAround([Message(1)], []); // not at the newest: live messages are not appended
        window.Following = false;
        window.AddLive(Message(5));

        Assert.True(window.AddLive(Message(6) with { ReplyTo = "m1" }));
        Assert.Equal(1, window.Find("m1")!.ReplyCount);
    }

    [Fact]
    public void AChangeOfTheRoot_KeepsTheRepliesCountedHere()
    {
        var window = new MessageWindow();
        window.ShowNewest([Message(1)]);
        window.AddLive(Message(2) with { ReplyTo = "m1" });

        window.Apply(new ChatChange(ChangeKind.Reacted, 3, Message(1) with { Version = 3, Reactions = [new("👍", ["carol"])] }, "carol", "👍", true));

        var root = window.Find("m1")!;
        Assert.Equal((1, "👍"), (root.ReplyCount, root.Reactions.Single().Emoji));
    }

    [Fact]
    public void TheThread_AddsLiveReplies_CountsThemOnce_AndAppliesChangesByVersion()
    {
        var thread = new ThreadView(Message(1) with { ReplyCount = 1 }, [Message(2) with { ReplyTo = "m1" }]);
        var reply = Message(3) with { ReplyTo = "m1" };

        Assert.True(thread.AddPosted(reply));
        Assert.False(thread.AddPosted(reply));
        Assert.False(thread.AddPosted(Message(4))); // not a reply of this thread
        Assert.True(thread.Apply(Edited(reply, rev: 6, "reply, fixed")));
        Assert.False(thread.Apply(Edited(reply, rev: 5, "older")));

        Assert.Equal(["message 2", "reply, fixed"], thread.Replies.Select(m => m.Text));
        Assert.Equal(2, thread.Root.ReplyCount);
    }

    [Fact]
    public void ABigThread_ShowsNoGap_LiveRepliesWaitForTheirPage()
    {
        var firstPage = Enumerable.Range(2, ThreadView.PageSize).Select(i => Message(i) with { ReplyTo = "m1" }).ToList();
        var thread = new ThreadView(Message(1) with { ReplyCount = 150 }, firstPage);

        thread.AddPosted(Message(500) with { ReplyTo = "m1" });

        Assert.True(thread.HasMore);
        Assert.Equal(ThreadView.PageSize, thread.Replies.Count);
        Assert.Equal(151, thread.Root.ReplyCount);
    }

    [Fact]
    public void AThreadOpened_GetsTheRepliesThatArrivedWhileItWasRead()
    {
        var state = new ChatViewState("alice");
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        var root = Message(1);
        state.Window.ShowNewest([root, Message(2) with { ReplyTo = "m1" }]); // the reply came live during the read

        state.OpenThread(new ThreadResult(root, []));

        Assert.Equal(["message 2"], state.Thread!.Replies.Select(m => m.Text));
        Assert.Equal(1, state.Thread.Root.ReplyCount);
    }

    private static ChatChange Edited(ChatMessage message, long rev, string text) =>
        new(ChangeKind.Edited, rev, message with { Text = text, Version = rev, EditedAt = Now.AddMinutes(1) });

    private static ChatMessage Message(long seq) =>
        new($"m{seq}", ConversationKey.ForRoom(ChatNames.General), seq, "bob", ChatNames.General, null, $"message {seq}", Now, null)
        {
            Rev = seq,
            Version = seq,
        };
}
