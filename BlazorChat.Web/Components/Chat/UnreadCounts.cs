using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Each conversation's read marker and unread counts as this tab knows them, by <see cref="ConversationKeys"/> key.
/// Owned by <see cref="ChatViewState"/>.
/// </summary>
internal sealed class UnreadCounts
{
    private readonly Dictionary<string, ReadState> _reads = new(ConversationKeys.Comparer);

    /// <summary>The conversation's marker and counts, created (nothing read, nothing unread) on first use.</summary>
    public ReadState Of(string key)
    {
        if (!_reads.TryGetValue(key, out var read))
        {
            _reads[key] = read = new ReadState();
        }

        return read;
    }

    public int CountOf(string key) => _reads.TryGetValue(key, out var read) ? read.Count : 0;

    public int MentionsOf(string key) => _reads.TryGetValue(key, out var read) ? read.Mentions : 0;

    public long ReadUpTo(string key) => _reads.TryGetValue(key, out var read) ? read.ReadUpTo : 0;

    /// <summary>
    /// The seq to mark the conversation shown in <paramref name="window"/> read up to: its newest, when a message from
    /// someone else beyond the marker is shown and the reader follows the newest; else null.
    /// </summary>
    public long? PendingIn(string key, MessageWindow window, string me)
    {
        var shown = window.Messages;
        if (shown.Count == 0 || !window.Following)
        {
            return null; // read means seen: not while the reader is further up
        }

        var readUpTo = ReadUpTo(key);
        for (var i = shown.Count - 1; i >= 0 && shown[i].Seq > readUpTo; i--)
        {
            if (!ChatNames.SameUser(shown[i].From, me))
            {
                return shown[^1].Seq;
            }
        }

        return null;
    }

    /// <summary>Clears what this tab counted unread in the conversation (it was opened); the marker stays.</summary>
    public void ClearCount(string key)
    {
        if (_reads.TryGetValue(key, out var read))
        {
            read.ClearCount();
        }
    }

    public void Forget(string key) => _reads.Remove(key);

    /// <summary>The server's word after one of my conversations' marker moved (from any tab); true when a count changed.</summary>
    public bool Apply(ReadMarkerChanged read)
    {
        var key = read.Room is { } room ? ConversationKeys.Room(room) : ConversationKeys.Direct(read.With!);
        return Of(key).MarkedRead(read.Seq, read.Unread, read.CountedThrough, read.Mentions);
    }

    /// <summary>The server's counts replace whatever this tab counted before it (re)connected.</summary>
    public void Start(IEnumerable<UnreadCount> unread)
    {
        _reads.Clear();
        foreach (var count in unread)
        {
            var key = count.Room is { } room ? ConversationKeys.Room(room) : ConversationKeys.Direct(count.With!);
            _reads[key] = new ReadState(count.LastReadSeq, count.Count, count.LastUnreadSeq, count.Mentions);
        }
    }

    /// <summary>Unread direct messages and unread mentions in rooms, in every conversation but <paramref name="open"/>.</summary>
    public int NoticesBesides(string? open)
    {
        var count = 0;
        foreach (var (key, read) in _reads)
        {
            if (open is null || !ConversationKeys.Comparer.Equals(key, open))
            {
                count += IsDirectKey(key) ? read.Count : read.Mentions;
            }
        }

        return count;
    }

    /// <summary>Whether any conversation but <paramref name="open"/> has unread messages.</summary>
    public bool AnyBesides(string? open) =>
        _reads.Any(r => r.Value.Count > 0 && (open is null || !ConversationKeys.Comparer.Equals(r.Key, open)));

    private static bool IsDirectKey(string key) => key.StartsWith(ConversationKeys.Direct(string.Empty), StringComparison.Ordinal);
}
