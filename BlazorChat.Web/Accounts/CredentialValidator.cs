using System.Security.Claims;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Whether a signed-in principal is still valid: the user exists and its security stamp has not changed since
/// the cookie or token was issued (a password change or a "sign out everywhere" changes it).
/// </summary>
internal sealed class CredentialValidator(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return !users.SupportsUserSecurityStamp || stamp == await users.GetSecurityStampAsync(user);
    }
}
