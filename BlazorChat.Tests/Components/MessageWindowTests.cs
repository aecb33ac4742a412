using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>The bounded, gap-free run of messages a tab holds, against a conversation of 1000 messages.</summary>
public sealed class MessageWindowTests
{
    private const int Total = 1000;
    private const int Page = MessageWindow.PageSize;
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ScrollingUp_LoadsOlderPages_KeepsAtMostTheCapacity_AndDropsTheNewest()
    {
        var window = Newest();

        for (var i = 0; i < 6; i++)
        {
            Assert.True(window.AddOlder(Before(window.FirstSeq!.Value)));
            AssertConsecutive(window);
            Assert.True(window.Messages.Count <= MessageWindow.Capacity);
        }

        Assert.Equal(MessageWindow.Capacity, window.Messages.Count);
        Assert.Equal(Total - 7 * Page + 1, window.FirstSeq);
        Assert.Equal(Total - 7 * Page + MessageWindow.Capacity, window.LastSeq);
        Assert.True(window.HasOlder);
        Assert.True(window.HasNewer);
        Assert.False(window.AtNewest);
    }

    [Fact]
    public void ScrollingBackDown_ReloadsTheDroppedPages_UntilTheNewest()
    {
        var window = Newest();
        for (var i = 0; i < 6; i++)
        {
            window.AddOlder(Before(window.FirstSeq!.Value));
        }

        while (window.HasNewer)
        {
            Assert.True(window.AddNewer(After(window.LastSeq!.Value)));
            AssertConsecutive(window);
            Assert.True(window.Messages.Count <= MessageWindow.Capacity);
        }

        Assert.Equal(Total, window.LastSeq);
        Assert.Equal(Total - MessageWindow.Capacity + 1, window.FirstSeq);
        Assert.True(window.AtNewest);
        Assert.True(window.AddLive(Message(Total + 1)));
        Assert.Equal(Total + 1, window.LastSeq);
    }

    [Fact]
    public void TheStartOfTheConversation_EndsLoadingOlder()
    {
        var window = new MessageWindow();
        window.ShowNewest(Before(121, count: Page)); // 71..120

        window.AddOlder(Before(window.FirstSeq!.Value)); // 21..70
        window.AddOlder(Before(window.FirstSeq!.Value)); // 1..20: a short page

        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), window.Messages.Select(m => m.Seq));
        Assert.False(window.HasOlder);
    }

    [Fact]
    public void APageThatDoesNotJoinTheWindow_IsRefused_SoNothingIsShownTwiceOrWithAGap()
    {
        var window = Newest();

        Assert.False(window.AddOlder(Before(900)));   // ends at 899, the window starts at 951
        Assert.False(window.AddNewer(After(900)));     // starts at 901, the window ends at 1000
        Assert.False(window.AddOlder(Before(990)));    // overlaps what is held

        Assert.Equal(Enumerable.Range(Total - Page + 1, Page).Select(i => (long)i), window.Messages.Select(m => m.Seq));
    }

    [Fact]
    public void LiveMessages_WhileFollowing_AreAppended_AndTheOldestDropped()
    {
        var window = Newest();
        window.AddOlder(Before(window.FirstSeq!.Value));
        window.AddOlder(Before(window.FirstSeq!.Value));
        window.AddOlder(Before(window.FirstSeq!.Value)); // full: 801..1000

        for (var seq = Total + 1; seq <= Total + 10; seq++)
        {
            Assert.True(window.AddLive(Message(seq)));
        }

        Assert.False(window.AddLive(Message(Total + 10))); // delivered twice: shown once
        Assert.Equal(MessageWindow.Capacity, window.Messages.Count);
        Assert.Equal(Total + 10, window.LastSeq);
        AssertConsecutive(window);
        Assert.False(window.NewerArrived);
    }

    [Fact]
    public void LiveMessages_WhileReadingFurtherUp_InAFullWindow_AreNotAppended_ButAnnounced()
    {
        var window = Newest();
        window.AddOlder(Before(window.FirstSeq!.Value));
        window.AddOlder(Before(window.FirstSeq!.Value));
        window.AddOlder(Before(window.FirstSeq!.Value)); // full: 801..1000
        window.Following = false;

        Assert.True(window.AddLive(Message(Total + 1)));
        Assert.True(window.AddLive(Message(Total + 2))); // already announced, but the count on the chip grows
        Assert.False(window.AddLive(Message(Total + 2))); // delivered twice: counted once
        Assert.Equal(2, window.NewerCount);

        Assert.Equal(801, window.FirstSeq);
        Assert.Equal(Total, window.LastSeq);
        Assert.True(window.NewerArrived);
        Assert.True(window.HasNewer);

        // Scrolling down reads the rest: the page the server returns now includes both.
        window.AddNewer(After(Total, last: Total + 2));
        Assert.Equal(Total + 2, window.LastSeq);
        Assert.True(window.AtNewest);
        AssertConsecutive(window);
    }

    [Fact]
    public void ALiveMessageAfterAGap_IsNotShown_AndTheWindowNoLongerEndsAtTheNewest()
    {
        var window = Newest();

        Assert.True(window.AddLive(Message(Total + 3))); // 1001 and 1002 were never seen

        Assert.Equal(Total, window.LastSeq);
        Assert.True(window.HasNewer);
        Assert.True(window.NewerArrived);
    }

    [Fact]
    public void APageEndingBeforeAMessageAlreadySeenLive_DoesNotClaimToBeTheNewest()
    {
        var window = Newest();
        for (var i = 0; i < 4; i++)
        {
            window.AddOlder(Before(window.FirstSeq!.Value)); // 751..950: the newest were dropped
        }

        window.AddNewer(After(950)); // 951..1000, a full page: maybe more
        window.AddLive(Message(Total + 1)); // published while the next page was being read

        window.AddNewer(After(Total, last: Total)); // read before 1001 was stored: short, yet not the end

        Assert.Equal(Total, window.LastSeq);
        Assert.False(window.AtNewest);
        window.AddNewer(After(Total, last: Total + 1));
        Assert.Equal(Total + 1, window.LastSeq);
        Assert.True(window.AtNewest);
    }

    [Fact]
    public void ShowNewest_KeepsLiveMessagesThatArrivedDuringTheLoad_AndNothingThatWouldLeaveAGap()
    {
        var window = new MessageWindow();
        window.AddLive(Message(Total + 1)); // arrived before the history's answer

        window.ShowNewest(Before(Total + 1));

        Assert.Equal(Total + 1, window.LastSeq);
        Assert.Equal(Page + 1, window.Messages.Count);
        Assert.True(window.AtNewest);

        var late = new MessageWindow();
        late.AddLive(Message(Total + 5));
        late.ShowNewest(Before(Total + 1));
        Assert.Equal(Total, late.LastSeq);
        Assert.True(late.HasNewer);
        AssertConsecutive(late);
    }

    [Fact]
    public void ShowAround_HoldsTheMessagesOnBothSides_OfTheOneBeingRead()
    {
        var window = new MessageWindow();

        window.ShowAround(Before(501), After(500));

        Assert.Equal(Enumerable.Range(451, 2 * Page).Select(i => (long)i), window.Messages.Select(m => m.Seq));
        Assert.True(window.HasOlder);
        Assert.True(window.HasNewer);
        Assert.False(window.Following);

        var nearTheEnd = new MessageWindow();
        nearTheEnd.ShowAround(Before(Total - 9), After(Total - 10));
        Assert.Equal(Total, nearTheEnd.LastSeq);
        Assert.True(nearTheEnd.AtNewest);
    }

    private static MessageWindow Newest()
    {
        var window = new MessageWindow();
        window.ShowNewest(Before(Total + 1));
        return window;
    }

    // What the store returns: the page before a seq, or after one, oldest first.
    private static List<ChatMessage> Before(long seq, int count = Page) =>
        [.. Enumerable.Range(0, count).Select(i => seq - count + i).Where(s => s >= 1).Select(Message)];

    private static List<ChatMessage> After(long seq, long last = Total) =>
        [.. Enumerable.Range(1, Page).Select(i => seq + i).Where(s => s <= last).Select(Message)];

    private static ChatMessage Message(long seq) =>
        new($"m{seq}", ConversationKey.ForRoom(ChatNames.General), seq, "bob", ChatNames.General, null, $"message {seq}", Now, null);

    private static void AssertConsecutive(MessageWindow window)
    {
        var seqs = window.Messages.Select(m => m.Seq).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
    }
}
