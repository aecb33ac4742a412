using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The part of the open conversation a tab holds: a gap-free run of messages, oldest first, never more than
/// <see cref="Capacity"/>. Loading a page at one end drops messages at the other, so a conversation of any length
/// costs the page at most a few hundred messages. Live messages join only while the window reaches the newest
/// message (<see cref="AtNewest"/>); otherwise the reader is told there is more below and loads it by scrolling.
/// What changes in a message held after it was posted is <see cref="HeldMessageChanges"/>'s.
/// </summary>
public sealed class MessageWindow
{
    /// <summary>The size of one page of history.</summary>
    public const int PageSize = 50;

    /// <summary>The most messages held at once: four pages.</summary>
    public const int Capacity = 4 * PageSize;

    private readonly SortedList<long, ChatMessage> _messages = [];
    private readonly HeldMessageChanges _changes;
    private bool _startReached;
    private long _latestKnown; // the highest seq seen live, shown or not
    private bool _following = true;
    private bool _newerArrived;
    private int _newerCount; // live messages that arrived below what is read since NewerArrived became true

    public MessageWindow() => _changes = new HeldMessageChanges(_messages);

    /// <summary>The messages held, oldest first, consecutive seqs without duplicates.</summary>
    public IList<ChatMessage> Messages => _messages.Values;

    /// <summary>True when the window ends at the conversation's newest message, so live messages are appended.</summary>
    public bool AtNewest { get; private set; } = true;

    /// <summary>True when the conversation has messages before the first one held.</summary>
    public bool HasOlder => _messages.Count > 0 && !_startReached && _messages.Keys[0] > 1;

    /// <summary>True when the conversation has messages after the last one held.</summary>
    public bool HasNewer => !AtNewest;

    /// <summary>True when live messages arrived below what the reader is reading (held or not): "3 new messages".</summary>
    public bool NewerArrived
    {
        get => _newerArrived;
        private set
        {
            _newerArrived = value;
            if (!value)
            {
                _newerCount = 0;
            }
        }
    }

    /// <summary>How many messages arrived below while <see cref="NewerArrived"/> (at least 1 then; 0 otherwise).</summary>
    public int NewerCount => NewerArrived ? Math.Max(_newerCount, 1) : 0;

    /// <summary>
    /// True while the reader follows the newest message (scrolled to the bottom): a full window then drops its oldest
    /// messages for live ones; otherwise live messages are not added once it is full, so what is read stays put.
    /// </summary>
    public bool Following
    {
        get => _following;
        set
        {
            _following = value;
            NewerArrived &= !(value && AtNewest); // the reader is at the newest message: nothing new below
        }
    }

    /// <summary>The seq of the first message held.</summary>
    public long? FirstSeq => _messages.Count > 0 ? _messages.Keys[0] : null;

    /// <summary>The seq of the last message held.</summary>
    public long? LastSeq => _messages.Count > 0 ? _messages.Keys[^1] : null;

    /// <summary>Forgets everything (another conversation is opened).</summary>
    public void Clear()
    {
        _messages.Clear();
        (_startReached, _latestKnown, AtNewest, _following, NewerArrived) = (false, 0, true, true, false);
        _changes.Clear();
    }

    /// <summary>The message held with this id, or null when it is not held.</summary>
    public ChatMessage? Find(string messageId) => _changes.Find(messageId);

    /// <summary>
    /// Applies an edit, delete or reaction to the message it changed, when it is held (see
    /// <see cref="HeldMessageChanges.Apply"/>). True when what is shown changed.
    /// </summary>
    public bool Apply(ChatChange change) => _changes.Apply(change);

    /// <summary>
    /// Shows the newest page: <paramref name="page"/> is what <c>GetHistoryAsync</c> returned without
    /// <c>beforeSeq</c>. Live messages that arrived meanwhile and continue it are kept.
    /// </summary>
    public void ShowNewest(IReadOnlyList<ChatMessage> page)
    {
        Replace(page, Continuing(page.Count > 0 ? page[^1].Seq : 0));
        _startReached = page.Count < PageSize;
        AtNewest = _latestKnown <= (LastSeq ?? 0);
        NewerArrived = !AtNewest;
        _newerCount = (int)Math.Clamp(_latestKnown - (LastSeq ?? 0), 0, int.MaxValue);
        _following = true;
        TrimOldest();
    }

    /// <summary>
    /// Shows the messages around one the reader was reading: <paramref name="upTo"/> ends with it (history before
    /// its seq + 1), <paramref name="after"/> follows it (history after its seq).
    /// </summary>
    public void ShowAround(IReadOnlyList<ChatMessage> upTo, IReadOnlyList<ChatMessage> after)
    {
        var both = upTo.Concat(after).ToList();
        if (!IsRun(both))
        {
            ShowNewest(after.Count > 0 ? after : upTo);
            return;
        }

        Replace(both, []);
        _startReached = upTo.Count < PageSize;
        AtNewest = after.Count < PageSize && _latestKnown <= (LastSeq ?? 0);
        NewerArrived = false;
        _following = false;
    }

    /// <summary>Adds the page before the first message held (history before <see cref="FirstSeq"/>); false if it does not fit there.</summary>
    public bool AddOlder(IReadOnlyList<ChatMessage> page)
    {
        if (FirstSeq is not { } first || (page.Count > 0 && (page[^1].Seq != first - 1 || !IsRun(page))))
        {
            return false;
        }

        foreach (var message in page)
        {
            _messages.Add(message.Seq, message);
        }

        _startReached = page.Count < PageSize;
        while (_messages.Count > Capacity)
        {
            _messages.RemoveAt(_messages.Count - 1);
            AtNewest = false;
        }

        return true;
    }

    /// <summary>Adds the page after the last message held (history after <see cref="LastSeq"/>); false if it does not fit there.</summary>
    public bool AddNewer(IReadOnlyList<ChatMessage> page)
    {
        if (LastSeq is not { } last || (page.Count > 0 && (page[0].Seq != last + 1 || !IsRun(page))))
        {
            return false;
        }

        foreach (var message in page)
        {
            _messages.Add(message.Seq, message);
        }

        // A message published after the page was read may already have gone by: then there is still more below.
        AtNewest = page.Count < PageSize && _latestKnown <= LastSeq;
        NewerArrived &= !AtNewest;
        TrimOldest();
        return true;
    }

    /// <summary>
    /// A message of this conversation that arrived live (or that I sent). True when what is shown changed: it was
    /// added, or it is the first newer message the window does not hold.
    /// </summary>
    public bool AddLive(ChatMessage message)
    {
        var unseen = message.Seq > _latestKnown; // not delivered before (a repeat is not counted twice)
        _latestKnown = Math.Max(_latestKnown, message.Seq);
        var rootChanged = _changes.CountReply(message);
        if (_messages.ContainsKey(message.Seq) || message.Seq < (FirstSeq ?? 0))
        {
            return rootChanged;
        }

        // Not appended when the window ends before the newest, when something between was never seen (a dropped
        // connection: better to stop than to show a gap), or when it is full and the reader is reading further up.
        if (!AtNewest
            || (LastSeq is { } last && message.Seq != last + 1)
            || (_messages.Count >= Capacity && !Following))
        {
            var changed = !NewerArrived || unseen || rootChanged; // announced, the chip's count grew, or a shown root's
            (AtNewest, NewerArrived) = (false, true);
            _newerCount += unseen ? 1 : 0;
            return changed;
        }

        _messages.Add(message.Seq, message);
        NewerArrived |= !Following;
        if (NewerArrived)
        {
            _newerCount++;
        }

        TrimOldest();
        return true;
    }

    private List<ChatMessage> Continuing(long seq)
    {
        var continuation = new List<ChatMessage>();
        while (_messages.TryGetValue(seq + 1 + continuation.Count, out var next))
        {
            continuation.Add(next);
        }

        return continuation;
    }

    private void Replace(IEnumerable<ChatMessage> messages, IEnumerable<ChatMessage> continuation)
    {
        _messages.Clear();
        foreach (var message in messages.Concat(continuation))
        {
            _messages.TryAdd(message.Seq, message);
        }
    }

    private void TrimOldest()
    {
        while (_messages.Count > Capacity)
        {
            _messages.RemoveAt(0);
            _startReached = false;
        }
    }

    private static bool IsRun(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = 1; i < messages.Count; i++)
        {
            if (messages[i].Seq != messages[i - 1].Seq + 1)
            {
                return false;
            }
        }

        return true;
    }
}
