using System.Collections.Concurrent;
using BlazorChat.Domain.Abstractions;

namespace BlazorChat.Domain.InMemory;

/// <summary>A fixed or growing set of user names, for tests and tools.</summary>
public sealed class InMemoryUserDirectory(params IEnumerable<string> users) : IUserDirectory
{
    private readonly ConcurrentDictionary<string, string> _users =
        new(users.Select(u => KeyValuePair.Create(u, u)), ChatNames.UserComparer);

    /// <summary>Registers a user.</summary>
    public void Add(string userName) => _users.TryAdd(userName, userName);

    /// <inheritdoc />
    public Task<string?> FindAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_users.TryGetValue(userName, out var name) ? name : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_users.Values.Order(StringComparer.OrdinalIgnoreCase).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SearchAsync(string search, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_users.Values
            .Where(u => u.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(u => u.StartsWith(search, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(u => u, StringComparer.OrdinalIgnoreCase)
            .Take(limit)
            .ToList());

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_users.Count);
}
