namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// One conversation's marker as this tab knows it, and what it counts as unread: the count the server gave when
/// the connection opened (all at or below <c>countedThrough</c>) plus the seqs of messages from others since — and,
/// the same way, how many of those mention the reader.
/// </summary>
internal sealed class ReadState(long readUpTo = 0, int counted = 0, long countedThrough = 0, int mentions = 0)
{
    private readonly SortedSet<long> _live = [];
    private readonly SortedSet<long> _liveMentions = []; // the seqs of _live that mention the reader
    private int _counted = counted;
    private int _countedMentions = mentions;
    private long _countedThrough = countedThrough;

    public long ReadUpTo { get; private set; } = readUpTo;

    public int Count => _counted + _live.Count;

    /// <summary>How many of the unread messages mention the reader.</summary>
    public int Mentions => _countedMentions + _liveMentions.Count;

    /// <summary>Counts a message from someone else, unless the server's count or the marker already covers it.</summary>
    public bool Arrived(long seq, bool mentionsMe = false)
    {
        if (seq <= Math.Max(ReadUpTo, _countedThrough) || !_live.Add(seq))
        {
            return false;
        }

        if (mentionsMe)
        {
            _liveMentions.Add(seq);
        }

        return true;
    }

    /// <summary>Markers only move forward; a late, lower one changes nothing.</summary>
    public bool MarkedRead(long seq)
    {
        if (seq <= ReadUpTo)
        {
            return false;
        }

        var before = (Count, Mentions);
        MoveMarker(seq);
        return (Count, Mentions) != before;
    }

    /// <summary>
    /// The server's word after the marker moved: <paramref name="unread"/> messages from others are still unread up to
    /// <paramref name="countedThrough"/>; what this tab counted beyond that stays.
    /// </summary>
    public bool MarkedRead(long seq, int unread, long countedThrough, int mentions = 0)
    {
        if (seq < ReadUpTo) // an equal one still brings the server's count
        {
            return false;
        }

        var before = (Count, Mentions);
        if (countedThrough >= _countedThrough)
        {
            ReadUpTo = seq;
            _counted = unread;
            _countedMentions = mentions;
            _countedThrough = countedThrough;
            _live.RemoveWhere(s => s <= countedThrough);
            _liveMentions.RemoveWhere(s => s <= countedThrough);
        }
        else
        {
            MoveMarker(seq); // an older count than this tab's (events raced): keep ours, less what the marker covers
        }

        return (Count, Mentions) != before;
    }

    private void MoveMarker(long seq)
    {
        ReadUpTo = seq;
        _live.RemoveWhere(s => s <= seq);
        _liveMentions.RemoveWhere(s => s <= seq);
        if (seq >= _countedThrough)
        {
            _counted = 0;
            _countedMentions = 0;
        }
    }

    public void ClearCount()
    {
        _counted = 0;
        _countedMentions = 0;
        _live.Clear();
        _liveMentions.Clear();
    }
}
