using System.Net;
using System.Net.Http.Json;

namespace BlazorChat.LoadGen;

/// <summary>The HTTP account API (<c>/api/auth/register</c>, <c>/api/auth/token</c>) of the server under load.</summary>
internal sealed class AccountApi(Uri baseAddress) : IDisposable
{
    /// <summary>Every load user's password (the circuits benchmark signs in through the login form with it too).</summary>
    public const string Password = "load generator passphrase";

    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    /// <summary>Registers <paramref name="user"/> and returns an access token for its socket.</summary>
    public async Task<string> RegisterAndSignInAsync(string user, CancellationToken cancellationToken)
    {
        var account = new AccountRequest(user, Password);
        using (var registered = await _http.PostAsJsonAsync("/api/auth/register", account, ProtocolJson.Default.AccountRequest, cancellationToken))
        {
            if (registered.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Registering {user}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        using var signedIn = await _http.PostAsJsonAsync("/api/auth/token", account, ProtocolJson.Default.AccountRequest, cancellationToken);
        signedIn.EnsureSuccessStatusCode();
        var token = await signedIn.Content.ReadFromJsonAsync(ProtocolJson.Default.TokenResponse, cancellationToken);
        return token?.AccessToken ?? throw new InvalidOperationException($"No access token for {user}.");
    }

    public void Dispose() => _http.Dispose();
}
