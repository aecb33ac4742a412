using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Issues the access tokens of <c>POST /api/auth/token</c>: ASP.NET Core's own bearer tokens (data-protected
/// tickets) with a fixed expiry, validated by the bearer scheme on <c>/ws</c>.
/// </summary>
internal sealed class AccessTokenIssuer(IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
{
    public AccessToken Issue(ClaimsPrincipal user)
    {
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var expiresAt = time.GetUtcNow() + options.BearerTokenExpiration;
        var properties = new AuthenticationProperties { IssuedUtc = time.GetUtcNow(), ExpiresUtc = expiresAt };
        var ticket = new AuthenticationTicket(user, properties, IdentityConstants.BearerScheme);
        return new AccessToken(options.BearerTokenProtector.Protect(ticket), expiresAt);
    }
}

/// <summary>An access token and when it stops working.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);
