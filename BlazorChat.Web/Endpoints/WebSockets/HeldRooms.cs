namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Live frames (messages and, for v2, their changes) of the rooms a socket is joining, held back while the join's reply and recovered messages are
/// written, so the client reads the room in rev order: recovery first, then live. Thread-safe: the socket's event
/// pump holds frames while its request loop releases them. It also remembers the highest rev of each room the socket was
/// sent (live or in a join's reply), so a live frame that was queued before a join's reply and reaches the socket
/// after it is dropped rather than sent twice.
/// </summary>
internal sealed class HeldRooms(int capacity)
{
    private readonly Dictionary<string, List<(long Rev, byte[] Frame)>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sentThrough = new(StringComparer.Ordinal); // guarded by _held

    /// <summary>From now on, live messages of <paramref name="room"/> wait for <see cref="TakeOrRelease"/>.</summary>
    public void Hold(string room)
    {
        lock (_held)
        {
            _held[room] = [];
        }
    }

    /// <summary>
    /// Keeps a live message of a held room and returns true, or returns false when the room is not held.
    /// <paramref name="overflowed"/> is true once more than the capacity wait: the reader is too slow.
    /// </summary>
    /// <remarks>Also true, without keeping it, for a frame at or below what the socket was already sent of the room.</remarks>
    public bool TryHold(string room, long rev, byte[] frame, out bool overflowed)
    {
        lock (_held)
        {
            overflowed = false;
            if (!_held.TryGetValue(room, out var held))
            {
                return !IsNew(room, rev);
            }

            held.Add((rev, frame));
            overflowed = held.Count > capacity;
            return true;
        }
    }

    /// <summary>Records that the socket was sent <paramref name="room"/> through <paramref name="rev"/> (a join's reply).</summary>
    public void Covered(string room, long rev)
    {
        lock (_held)
        {
            _sentThrough[room] = Math.Max(_sentThrough.GetValueOrDefault(room), rev);
        }
    }

    /// <summary>Whether a frame of the room at <paramref name="rev"/> is past what was sent, recording it if so.</summary>
    public bool ShouldSend(string room, long rev)
    {
        lock (_held)
        {
            return IsNew(room, rev);
        }
    }

    // Under the lock.
    private bool IsNew(string room, long rev)
    {
        if (rev <= _sentThrough.GetValueOrDefault(room))
        {
            return false;
        }

        _sentThrough[room] = rev;
        return true;
    }

    /// <summary>
    /// The frames held for <paramref name="room"/> since the last call, or null once none are left — and then the room
    /// is no longer held. Call until it returns null, writing what it returns, so nothing overtakes a held frame.
    /// </summary>
    public List<(long Rev, byte[] Frame)>? TakeOrRelease(string room)
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
