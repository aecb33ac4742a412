using System.Security.Claims;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Whether a signed-in principal is still valid: the user exists and its security stamp has not changed since
/// the cookie or token was issued (a password change or a "sign out everywhere" changes it).
/// </summary>
/// <remarks>
/// Every <c>/ws</c> connect and every revalidation asks, so it is one untracked query for the stamp alone — not a DI
/// scope with a <see cref="UserManager{TUser}"/> loading and tracking the whole user (in a connect storm that was a
/// third of the server's CPU). It answers exactly what <c>UserManager.GetUserAsync</c> and
/// <c>GetSecurityStampAsync</c> answered: the user is found by the principal's user-id claim, and the stamps compared
/// as they are stored; a user without a stored stamp is refused (UserManager threw for one).
/// </remarks>
internal sealed class CredentialValidator(IDbContextFactory<ChatDbContext> contexts, IOptions<IdentityOptions> identity)
{
    /// <summary>The most user ids one batched stamp query asks for (SQLite and PostgreSQL take far more parameters).</summary>
    public const int BatchSize = 500;

    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (StampOf(principal) is not { } credential)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Users.AsNoTracking().Where(u => u.Id == credential.UserId).Select(u => u.SecurityStamp).Take(1)
            .ToListAsync(cancellationToken);
        return stored is [{ } stamp] && credential.IsAnsweredBy(stamp);
    }

    /// <summary>What of <paramref name="principal"/> a later check needs (so a socket need not keep the whole principal); null without a user id.</summary>
    public CredentialStamp? StampOf(ClaimsPrincipal principal)
    {
        var claims = identity.Value.ClaimsIdentity;
        return principal.FindFirstValue(claims.UserIdClaimType) is { } userId
            ? new CredentialStamp(userId, principal.FindFirstValue(claims.SecurityStampClaimType))
            : null;
    }

    /// <summary>
    /// The stored security stamps of <paramref name="userIds"/> (at most <see cref="BatchSize"/>), in one query; a user
    /// who no longer exists is missing from the answer.
    /// </summary>
    public async Task<Dictionary<string, string?>> StoredStampsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.SecurityStamp })
            .ToListAsync(cancellationToken);
        return stored.ToDictionary(u => u.Id, u => u.SecurityStamp, StringComparer.Ordinal);
    }
}

/// <summary>The user id and security stamp a credential was issued with.</summary>
internal sealed record CredentialStamp(string UserId, string? SecurityStamp)
{
    /// <summary>Valid while the stored stamp is the one it was issued with; a user without a stored stamp never is.</summary>
    public bool IsAnsweredBy(string? storedStamp) => storedStamp is not null && storedStamp == SecurityStamp;
}
