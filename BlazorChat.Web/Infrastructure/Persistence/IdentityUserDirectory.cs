using System.Collections.Concurrent;
using BlazorChat.Domain.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// The registered users, read from Identity's user table. Names found are remembered: a user is never renamed or
/// deleted, so a direct message costs no query for its recipient after the first. Names not found are always asked
/// again, as the user may have registered since.
/// </summary>
internal sealed class IdentityUserDirectory(IDbContextFactory<ChatDbContext> contexts) : IUserDirectory
{
    private readonly ConcurrentDictionary<string, string> _found = new(StringComparer.Ordinal);

    public async Task<string?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        var normalized = userName.ToUpperInvariant();
        if (_found.TryGetValue(normalized, out var known))
        {
            return known;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var registered = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        if (registered is not null)
        {
            _found[normalized] = registered;
        }

        return registered;
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.Users.Select(u => u.UserName!).ToListAsync(cancellationToken);
        return names.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<string>> SearchAsync(string search, int limit, CancellationToken cancellationToken = default)
    {
        var normalized = search.ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users
            .Where(u => u.NormalizedUserName!.Contains(normalized))
            .OrderBy(u => u.NormalizedUserName!.StartsWith(normalized) ? 0 : 1)
            .ThenBy(u => u.NormalizedUserName)
            .Take(limit)
            .Select(u => u.UserName!)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.CountAsync(cancellationToken);
    }
}
