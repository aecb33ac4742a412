using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.InMemory;

/// <summary>
/// One conversation of <see cref="InMemoryChatMessageStore"/>: its newest messages in their current state and its
/// newest changes, both bounded. Guarded by locking the instance itself.
/// </summary>
internal sealed class ConversationLog(int maxMessages)
{
    private readonly List<Entry> _changes = [];

    /// <summary>The held messages in seq order, each as it is now.</summary>
    public List<ChatMessage> Messages { get; } = [];

    public long LatestSeq { get; private set; }

    public long LatestRev { get; private set; }

    public ChatMessage Append(NewMessage message)
    {
        var stored = new ChatMessage(
            message.MessageId, message.Conversation, LatestSeq + 1, message.From, message.Room, message.To,
            message.Text, message.SentAt, message.ClientMsgId)
        {
            Rev = LatestRev + 1,
            Version = LatestRev + 1,
            ReplyTo = message.ReplyTo,
            Mentions = message.Mentions,
        };
        (LatestSeq, LatestRev) = (stored.Seq, stored.Rev);
        Messages.Add(stored);
        _changes.Add(new Entry(ChangeKind.Posted, stored.Rev, stored.MessageId, null, null, false));
        if (message.ReplyTo is { } root && IndexOf(root) is var at and >= 0)
        {
            Messages[at] = Messages[at] with { ReplyCount = Messages[at].ReplyCount + 1, LastReplyAt = stored.SentAt };
        }

        Trim();
        return stored;
    }

    public ChangeOutcome Apply(MessageChangeRequest change)
    {
        var at = IndexOf(change.MessageId);
        var outcome = MessageChangeRules.Apply(at < 0 ? null : Messages[at], change, LatestRev + 1);
        if (outcome.Change is { } applied)
        {
            LatestRev = applied.Rev;
            Messages[at] = applied.Message;
            _changes.Add(new Entry(applied.Kind, applied.Rev, applied.Message.MessageId, applied.User, applied.Emoji, applied.On));
            Trim();
        }

        return outcome;
    }

    public ChatMessage? Find(string messageId) => IndexOf(messageId) is var at and >= 0 ? Messages[at] : null;

    /// <summary>Changes after <paramref name="afterRev"/>, each with its message as it is now; those of dropped messages are gone.</summary>
    public List<ChatChange> ChangesAfter(long afterRev, int limit)
    {
        var result = new List<ChatChange>();
        var start = _changes.FindIndex(c => c.Rev > afterRev);
        for (var i = start; i >= 0 && i < _changes.Count && result.Count < limit; i++)
        {
            var entry = _changes[i];
            if (Find(entry.MessageId) is { } message)
            {
                result.Add(new ChatChange(entry.Kind, entry.Rev, message, entry.User, entry.Emoji, entry.On));
            }
        }

        return result;
    }

    // Messages are in seq order and ids are unique; a reply's root is usually near the end.
    private int IndexOf(string messageId) => Messages.FindLastIndex(m => m.MessageId == messageId);

    private void Trim()
    {
        if (Messages.Count > maxMessages)
        {
            Messages.RemoveRange(0, Messages.Count - maxMessages);
            var oldest = Messages[0].Rev;
            _changes.RemoveAll(c => c.Rev < oldest);
        }

        if (_changes.Count > 2 * maxMessages)
        {
            _changes.RemoveRange(0, _changes.Count - 2 * maxMessages);
        }
    }

    private sealed record Entry(ChangeKind Kind, long Rev, string MessageId, string? User, string? Emoji, bool On);
}
