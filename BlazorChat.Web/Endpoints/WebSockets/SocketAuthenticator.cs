using BlazorChat.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Decides who a <c>/ws</c> request is. A bearer token (header or <c>access_token</c>) wins; otherwise the sign-in
/// cookie counts only when the request's <c>Origin</c> is the app's own or an allowed one, so another site's
/// page cannot open a socket that rides the user's cookie (cross-site WebSocket hijacking).
/// </summary>
internal sealed class SocketAuthenticator(IOptions<ChatWebOptions> options, CredentialValidator credentials)
{
    public async Task<SocketIdentity> AuthenticateAsync(HttpContext context)
    {
        var offersToken = context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey("access_token");
        var result = offersToken
            ? await AuthenticateTokenApartAsync(context)
            : await context.AuthenticateAsync(IdentityConstants.ApplicationScheme); // the middleware's, already cached on the request
        if (!result.Succeeded || result.Principal.Identity?.Name is not { Length: > 0 } userName
            || !await credentials.IsValidAsync(result.Principal, context.RequestAborted))
        {
            return SocketIdentity.Unauthenticated;
        }

        if (!offersToken && !IsAllowedOrigin(context.Request))
        {
            return SocketIdentity.ForeignOrigin;
        }

        // The request's headers live as long as its socket, and a bearer token in the header was the largest string an
        // idle socket held. (A token in the query string stays with the request; a cookie's authentication result, with
        // its principal, stays cached on the request, the middleware's. The session itself keeps only what later
        // checks need of the principal.)
        context.Request.Headers.Authorization = default;
        return new SocketIdentity(
            SocketAuthOutcome.Authenticated, userName, credentials.StampOf(result.Principal), SignInSessions.SessionOf(result.Principal),
            result.Properties?.ExpiresUtc);
    }

    /// <summary>
    /// Reads the bearer token in a DI scope of its own, gone once it is read. Authentication handlers are scoped and each
    /// keeps its result; resolved in the request's scope, the token's handler, its result, the principal with its claims
    /// and the ticket's properties (~2 KB, measured in docs/benchmarks.md) would live as long as the socket, since the
    /// socket is the request. What later checks need of the principal is copied out by the caller.
    /// </summary>
    private static async Task<AuthenticateResult> AuthenticateTokenApartAsync(HttpContext context)
    {
        var requestServices = context.RequestServices;
        await using var scope = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            return await context.AuthenticateAsync(IdentityConstants.BearerScheme);
        }
        finally
        {
            context.RequestServices = requestServices;
        }
    }

    private bool IsAllowedOrigin(HttpRequest request)
    {
        if (request.Headers.Origin is not [{ Length: > 0 } origin])
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || options.Value.AllowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}

internal enum SocketAuthOutcome
{
    Authenticated,
    Unauthenticated,
    ForeignOrigin,
}

/// <summary>
/// Who opened a socket: their credential's stamp (re-checked while the socket is open), the sign-in session it belongs
/// to (a cookie's; none for a token), and until when it is valid.
/// </summary>
internal sealed record SocketIdentity(
    SocketAuthOutcome Outcome, string? UserName, CredentialStamp? Credential, string? SessionId, DateTimeOffset? ExpiresAt)
{
    public static readonly SocketIdentity Unauthenticated = new(SocketAuthOutcome.Unauthenticated, null, null, null, null);
    public static readonly SocketIdentity ForeignOrigin = new(SocketAuthOutcome.ForeignOrigin, null, null, null, null);
}
