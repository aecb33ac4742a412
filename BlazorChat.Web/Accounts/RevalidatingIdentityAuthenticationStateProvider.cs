using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace BlazorChat.Web.Accounts;

/// <summary>Re-checks a circuit's user against its security stamp every few minutes, so a revoked session ends.</summary>
internal sealed class RevalidatingIdentityAuthenticationStateProvider(ILoggerFactory loggerFactory, CredentialValidator credentials)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(5);

    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        credentials.IsValidAsync(authenticationState.User, cancellationToken);
}
