using BlazorChat.Domain.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>The registered users, read from Identity's user table.</summary>
internal sealed class IdentityUserDirectory(IDbContextFactory<ChatDbContext> contexts) : IUserDirectory
{
    public async Task<string?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = userName.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.Users.Select(u => u.UserName!).ToListAsync(cancellationToken);
        return names.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
