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

    private static string Key(string user) => user.ToLowerInvariant();
}
