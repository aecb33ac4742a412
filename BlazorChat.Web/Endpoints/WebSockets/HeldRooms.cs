namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Live frames (messages and, for v2, their changes) of the rooms a socket is joining, held back while the join's reply
/// and recovered messages are written, so the client reads the room in rev order: recovery first, then live.
/// Thread-safe: the socket's event pump holds frames while its request loop releases them. It also remembers, per room,
/// the highest rev of a message and of another change the socket was sent (live or in a join's reply), so a live frame
/// that was queued before a join's reply and reaches the socket after it is dropped rather than sent twice. Messages
/// and other changes are counted apart: a reply that recovers messages by seq holds their current state, but not the
/// changes of older messages, which must still go out.
/// </summary>
internal sealed class HeldRooms(int capacity)
{
    private readonly Dictionary<string, List<HeldFrame>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Coverage> _sentThrough = new(StringComparer.Ordinal); // guarded by _held

    /// <summary>From now on, live frames of <paramref name="room"/> wait for <see cref="TakeOrRelease"/>.</summary>
    public void Hold(string room)
    {
        lock (_held)
        {
            _held[room] = [];
        }
    }

    /// <summary>
    /// Keeps a live frame of a held room and returns true, or returns false when the room is not held.
    /// <paramref name="overflowed"/> is true once more than the capacity wait: the reader is too slow.
    /// </summary>
    /// <remarks>Also true, without keeping it, for a frame at or below what the socket was already sent of the room.</remarks>
    public bool TryHold(string room, long rev, bool isPost, byte[] frame, out bool overflowed)
    {
        lock (_held)
        {
            overflowed = false;
            if (!_held.TryGetValue(room, out var held))
            {
                return !IsNew(room, rev, isPost);
            }

            held.Add(new HeldFrame(rev, isPost, frame));
            overflowed = held.Count > capacity;
            return true;
        }
    }

    /// <summary>Records what a join's reply sent of <paramref name="room"/>.</summary>
    public void Covered(string room, Coverage coverage)
    {
        lock (_held)
        {
            var sent = _sentThrough.GetValueOrDefault(room);
            _sentThrough[room] = new Coverage(
                Math.Max(sent.PostsThroughRev, coverage.PostsThroughRev), Math.Max(sent.ChangesThroughRev, coverage.ChangesThroughRev));
        }
    }

    /// <summary>Whether a frame of the room at <paramref name="rev"/> is past what was sent, recording it if so.</summary>
    public bool ShouldSend(string room, long rev, bool isPost)
    {
        lock (_held)
        {
            return IsNew(room, rev, isPost);
        }
    }

    // Under the lock.
    private bool IsNew(string room, long rev, bool isPost)
    {
        var sent = _sentThrough.GetValueOrDefault(room);
        if (rev <= (isPost ? sent.PostsThroughRev : sent.ChangesThroughRev))
        {
            return false;
        }

        _sentThrough[room] = isPost ? sent with { PostsThroughRev = rev } : sent with { ChangesThroughRev = rev };
        return true;
    }

    /// <summary>
    /// The frames held for <paramref name="room"/> since the last call, or null once none are left — and then the room
    /// is no longer held. Call until it returns null, writing what it returns, so nothing overtakes a held frame.
    /// </summary>
    public List<HeldFrame>? TakeOrRelease(string room)
    {
        lock (_held)
        {
            if (!_held.TryGetValue(room, out var held))
            {
                return null;
            }

            if (held.Count == 0)
            {
                _held.Remove(room);
                return null;
            }

            _held[room] = [];
            return held;
        }
    }
}

/// <summary>A live frame held back: its rev, and whether it is a new message (else another change).</summary>
internal readonly record struct HeldFrame(long Rev, bool IsPost, byte[] Frame);
