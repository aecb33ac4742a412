using System.Collections.Immutable;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Who is connected, indexed so that "every connection in room R" and "every connection of user U" are
/// dictionary lookups. Writers take the lock; the arrays handed out are immutable snapshots, so a fan-out
/// iterates them without holding anything.
/// </summary>
internal sealed class SubscriberRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OnlineUser> _users = new(ChatNames.UserComparer);

    // Connections of the online members of each room other than general (general is _all).
    private readonly Dictionary<string, ImmutableArray<ChatConnection>> _rooms = new(StringComparer.Ordinal);
    private ImmutableArray<ChatConnection> _all = [];

    public ImmutableArray<ChatConnection> All
    {
        get
        {
            lock (_gate)
            {
                return _all;
            }
        }
    }

    /// <summary>
    /// Adds a connection and queues its <see cref="SessionStarted"/> before any publisher can see it, so the
    /// hello is always its first event — unless its user already has <paramref name="maxPerUser"/> connections.
    /// The hello says who is <paramref name="online"/> (sorted), the connection's own user added.
    /// </summary>
    public AddOutcome Add(
        ChatConnection connection, IReadOnlyList<string> rooms, IReadOnlyList<UnreadCount> unread, int maxPerUser, ImmutableArray<string> online)
    {
        lock (_gate)
        {
            var cameOnline = !_users.TryGetValue(connection.User, out var user);
            if (!cameOnline && user!.Connections.Length >= maxPerUser)
            {
                return AddOutcome.LimitReached;
            }

            if (cameOnline)
            {
                user = new OnlineUser(connection.User, rooms);
                _users.Add(connection.User, user);
            }

            connection.Enqueue(new SessionStarted(
                connection.User, [ChatNames.General, .. user!.Rooms.Order(StringComparer.Ordinal)], WithUser(online, connection.User), unread));
            user.Connections = user.Connections.Add(connection);
            foreach (var room in user.Rooms)
            {
                _rooms[room] = _rooms.GetValueOrDefault(room, []).Add(connection);
            }

            _all = _all.Add(connection);
            return cameOnline ? AddOutcome.CameOnline : AddOutcome.Added;
        }
    }

    /// <summary>Removes a connection; returns whether it was its user's last one.</summary>
    public bool Remove(ChatConnection connection)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(connection.User, out var user) || !user.Connections.Contains(connection))
            {
                return false;
            }

            user.Connections = user.Connections.Remove(connection);
            foreach (var room in user.Rooms)
            {
                RemoveFromRoom(room, connection);
            }

            _all = _all.Remove(connection);
            if (!user.Connections.IsEmpty)
            {
                return false;
            }

            _users.Remove(connection.User);
            return true;
        }
    }

    /// <summary>Records a new membership of an online user; false when there was nothing to change.</summary>
    public bool Join(string userName, string room)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userName, out var user) || !user.Rooms.Add(room))
            {
                return false;
            }

            _rooms[room] = _rooms.GetValueOrDefault(room, []).AddRange(user.Connections);
            return true;
        }
    }

    /// <summary>Forgets a membership of an online user; false when there was nothing to change.</summary>
    public bool Leave(string userName, string room)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userName, out var user) || !user.Rooms.Remove(room))
            {
                return false;
            }

            foreach (var connection in user.Connections)
            {
                RemoveFromRoom(room, connection);
            }

            return true;
        }
    }

    public ImmutableArray<ChatConnection> InRoom(string room)
    {
        if (room == ChatNames.General)
        {
            return All;
        }

        lock (_gate)
        {
            return _rooms.GetValueOrDefault(room, []);
        }
    }

    public ImmutableArray<ChatConnection> OfUser(string userName)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userName, out var user) ? user.Connections : [];
        }
    }

    /// <summary>Whether an online user belongs to the room; null when the user is offline (ask the store).</summary>
    public bool? IsMember(string userName, string room)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userName, out var user) ? user.Rooms.Contains(room) : null;
        }
    }

    public IReadOnlyList<string> Online
    {
        get
        {
            lock (_gate)
            {
                return _users.Values.Select(u => u.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
            }
        }
    }

    /// <summary>The rooms (besides general) an online user belongs to here, or null when the user is offline.</summary>
    public IReadOnlyList<string>? RoomsOf(string userName)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userName, out var user) ? [.. user.Rooms] : null;
        }
    }

    public bool IsOnline(string userName)
    {
        lock (_gate)
        {
            return _users.ContainsKey(userName);
        }
    }

    private static ImmutableArray<string> WithUser(ImmutableArray<string> online, string user)
    {
        var at = online.BinarySearch(user, StringComparer.OrdinalIgnoreCase);
        return at >= 0 ? online : online.Insert(~at, user);
    }

    private void RemoveFromRoom(string room, ChatConnection connection)
    {
        var remaining = _rooms.GetValueOrDefault(room, []).Remove(connection);
        if (remaining.IsEmpty)
        {
            _rooms.Remove(room);
        }
        else
        {
            _rooms[room] = remaining;
        }
    }

    // Mutable, guarded by _gate.
    private sealed class OnlineUser(string name, IEnumerable<string> rooms)
    {
        public string Name { get; } = name;

        public HashSet<string> Rooms { get; } = new(rooms, StringComparer.Ordinal);

        public ImmutableArray<ChatConnection> Connections { get; set; } = [];
    }
}

/// <summary>What adding a connection did.</summary>
internal enum AddOutcome
{
    /// <summary>Added; its user was already online.</summary>
    Added,

    /// <summary>Added as its user's first connection.</summary>
    CameOnline,

    /// <summary>Not added: its user already has as many connections as one user may.</summary>
    LimitReached,
}
