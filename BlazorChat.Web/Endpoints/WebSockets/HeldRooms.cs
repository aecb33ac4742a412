namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Live message frames of the rooms a socket is joining, held back while the join's reply and recovered messages are
/// written, so the client reads the room in seq order: recovery first, then live. Thread-safe: the socket's event
/// pump holds frames while its request loop releases them.
/// </summary>
internal sealed class HeldRooms(int capacity)
{
    private readonly Dictionary<string, List<(long Seq, byte[] Frame)>> _held = new(StringComparer.Ordinal);

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
    public bool TryHold(string room, long seq, byte[] frame, out bool overflowed)
    {
        lock (_held)
        {
            overflowed = false;
            if (!_held.TryGetValue(room, out var held))
            {
                return false;
            }

            held.Add((seq, frame));
            overflowed = held.Count > capacity;
            return true;
        }
    }

    /// <summary>
    /// The frames held for <paramref name="room"/> since the last call, or null once none are left — and then the room
    /// is no longer held. Call until it returns null, writing what it returns, so nothing overtakes a held frame.
    /// </summary>
    public List<(long Seq, byte[] Frame)>? TakeOrRelease(string room)
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
