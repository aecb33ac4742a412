using BlazorChat.Domain.Abstractions;

namespace BlazorChat.Domain.InMemory;

/// <summary>Room memberships held in memory, for tests and throwaway servers.</summary>
public sealed class InMemoryMembershipStore : IMembershipStore
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string User, string Room)> _memberships = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                _memberships.Where(m => m.User == Key(user)).Select(m => m.Room).Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_memberships.Contains((Key(user), room)));
        }
    }

    /// <inheritdoc />
    public Task<bool> AddAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_memberships.Add((Key(user), room)));
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_memberships.Remove((Key(user), room)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                _memberships.Select(m => m.Room).Distinct().Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomSummary>> GetRoomSummariesAsync(string? search, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RoomSummary>>(_memberships
                .Where(m => string.IsNullOrEmpty(search) || m.Room.Contains(search, StringComparison.Ordinal))
                .GroupBy(m => m.Room)
                .Select(g => new RoomSummary(g.Key, g.Count()))
                .OrderByDescending(r => r.Members)
                .ThenBy(r => r.Room, StringComparer.Ordinal)
                .Take(limit)
                .ToList());
        }
    }

    /// <inheritdoc />
    public Task<RoomMemberKeys> GetMembersAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var members = _memberships.Where(m => m.Room == room).Select(m => m.User).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult(new RoomMemberKeys([.. members.Take(limit)], members.Count));
        }
    }

    private static string Key(string user) => user.ToLowerInvariant();
}
