namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// One conversation's marker as this tab knows it, and what it counts as unread: the count the server gave when
/// the connection opened (all at or below <c>countedThrough</c>) plus the seqs of messages from others since.
/// </summary>
internal sealed class ReadState(long readUpTo = 0, int counted = 0, long countedThrough = 0)
{
    private readonly SortedSet<long> _live = [];
    private int _counted = counted;

    public long ReadUpTo { get; private set; } = readUpTo;

    public int Count => _counted + _live.Count;

    /// <summary>Counts a message from someone else, unless the server's count or the marker already covers it.</summary>
    public bool Arrived(long seq) => seq > Math.Max(ReadUpTo, countedThrough) && _live.Add(seq);

    /// <summary>Markers only move forward; a late, lower one changes nothing.</summary>
    public bool MarkedRead(long seq)
    {
        if (seq <= ReadUpTo)
        {
            return false;
        }

        ReadUpTo = seq;
        var before = Count;
        _live.RemoveWhere(s => s <= seq);
        if (seq >= countedThrough)
        {
            _counted = 0;
        }

        return Count != before;
    }

    public void ClearCount()
    {
        _counted = 0;
        _live.Clear();
    }
}
