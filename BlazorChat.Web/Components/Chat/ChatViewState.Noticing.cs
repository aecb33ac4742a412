using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

// What should catch the reader's eye when they are not looking: the tab title's and the favicon's count, the
// menu button's dot, and which new messages deserve a desktop notification or a sound.
public sealed partial class ChatViewState
{
    /// <summary>
    /// The count for the tab title and the favicon: unread direct messages and unread mentions in rooms, in every
    /// conversation but the open one — and, while the reader is <paramref name="away"/> (the tab is hidden), those
    /// that arrived in the open one since its marker, which they have not seen either.
    /// </summary>
    public int NoticeCount(bool away)
    {
        var open = OpenKey;
        var count = _reads.NoticesBesides(open);
        if (away && open is not null)
        {
            var readUpTo = _reads.ReadUpTo(open);
            count += _window.Messages.Count(m => m.Seq > readUpTo && DeservesNotice(m));
        }

        return count;
    }

    /// <summary>Whether any conversation but the open one has unread messages (the closed drawer's button shows a dot).</summary>
    public bool UnreadElsewhere => _reads.AnyBesides(OpenKey);

    /// <summary>
    /// Whether a new message should be announced (a desktop notification, a sound): a direct message or a mention
    /// from someone else that the reader cannot see — the tab is hidden (<paramref name="away"/>) or it belongs to
    /// another conversation.
    /// </summary>
    public bool WorthAnnouncing(ChatMessage message, bool away)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DeservesNotice(message) && (away || !IsCurrent(message));
    }

    private bool DeservesNotice(ChatMessage message) =>
        !message.Deleted && !ChatNames.SameUser(message.From, Me) && (message.Room is null || message.Mentioned(Me));
}
