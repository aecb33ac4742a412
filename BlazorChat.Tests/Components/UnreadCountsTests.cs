using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

public sealed class UnreadCountsTests
{
    [Fact]
    public void Notices_CountDirectMessagesAndRoomMentions_ButNotTheOpenConversation()
    {
        var reads = new UnreadCounts();
        reads.Of(ConversationKeys.Direct("bob")).Arrived(1);
        reads.Of(ConversationKeys.Direct("bob")).Arrived(2);
        reads.Of(ConversationKeys.Room("general")).Arrived(5);                  // unread, not a mention
        reads.Of(ConversationKeys.Room("random")).Arrived(7, mentionsMe: true);

        Assert.Equal(3, reads.NoticesBesides(open: null));
        Assert.Equal(1, reads.NoticesBesides(ConversationKeys.Direct("Bob"))); // keys compare like user names
        Assert.True(reads.AnyBesides(ConversationKeys.Direct("bob")));
        Assert.False(new UnreadCounts().AnyBesides(null));
    }
}
