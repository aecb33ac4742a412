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
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = identity.Value.ClaimsIdentity;
        if (principal.FindFirstValue(claims.UserIdClaimType) is not { } userId)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).Take(1)
            .ToListAsync(cancellationToken);
        return stored is [{ } stamp] && stamp == principal.FindFirstValue(claims.SecurityStampClaimType);
    }
}
