using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// What changes in the messages a <see cref="MessageWindow"/> holds after they were posted: edits, deletes, reactions,
/// and the reply counts of thread roots. It changes messages in place, by seq; which messages are held is the window's.
/// </summary>
internal sealed class HeldMessageChanges(SortedList<long, ChatMessage> held)
{
    private readonly HashSet<long> _countedReplies = []; // seqs of live replies already counted on their root

    /// <summary>The message held with this id, or null when it is not held.</summary>
    public ChatMessage? Find(string messageId)
    {
        foreach (var message in held.Values)
        {
            if (message.MessageId == messageId)
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>
    /// Applies an edit, delete or reaction to the message it changed, when it is held: the message is replaced by the
    /// one the change left. A change at or below the version held (seen already, or older than a page read after it)
    /// is ignored. True when what is shown changed.
    /// </summary>
    public bool Apply(ChatChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var seq = change.Message.Seq;
        if (!held.TryGetValue(seq, out var current) || current.MessageId != change.Message.MessageId || current.Version >= change.Rev)
        {
            return false;
        }

        // The change carries the reply count as the server had it; a reply counted here since is not lost.
        held[seq] = change.Message with
        {
            ReplyCount = Math.Max(change.Message.ReplyCount, current.ReplyCount),
            LastReplyAt = Later(change.Message.LastReplyAt, current.LastReplyAt),
        };
        return true;
    }

    /// <summary>
    /// A live message, before the window adds it: when it is a reply seen for the first time, its root, when held, counts
    /// one more. A reply held already came with a page read after it was posted, and so did its root's count; one seen
    /// live before (the send's answer, then its live event) is not counted twice. True when a shown root changed.
    /// </summary>
    public bool CountReply(ChatMessage reply)
    {
        if (reply.ReplyTo is not { } rootId || held.ContainsKey(reply.Seq) || !_countedReplies.Add(reply.Seq)
            || Find(rootId) is not { } root)
        {
            return false;
        }

        held[root.Seq] = root with { ReplyCount = root.ReplyCount + 1, LastReplyAt = Later(reply.SentAt, root.LastReplyAt) };
        return true;
    }

    /// <summary>Forgets the replies counted (another conversation is opened).</summary>
    public void Clear() => _countedReplies.Clear();

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
