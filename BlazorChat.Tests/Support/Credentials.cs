namespace BlazorChat.Tests.Support;

/// <summary>A user's sign-in cookie (from the sign-in page) and access token (from the API), as one server issued them.</summary>
public sealed record Credentials(string UserName, string Cookie, string Token)
{
    public static async Task<Credentials> IssueAsync(ChatAppFactory app, string prefix = "user")
    {
        using var api = app.Api();
        var name = await api.NewUserAsync(prefix);
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync(name);
        return new Credentials(name, browser.Cookie!, await api.TokenAsync(name));
    }

    /// <summary>
    /// Opens <c>/ws</c> on <paramref name="app"/> with the token and then with the cookie (from the app's own origin, as its
    /// page would), and returns the user each hello names; a refused credential fails the connect.
    /// </summary>
    public async Task<(string ByToken, string ByCookie)> HelloUsersAsync(ChatAppFactory app)
    {
        await using var byToken = await TestSocket.ConnectAsync(app.SocketUri, Token);
        var tokenUser = (await byToken.ReceiveTypeAsync("hello")).GetProperty("user").GetString()!;
        await using var byCookie = await TestSocket.ConnectAsync(app.SocketUri, token: null, o =>
        {
            o.SetRequestHeader("Cookie", Cookie);
            o.SetRequestHeader("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        });
        var cookieUser = (await byCookie.ReceiveTypeAsync("hello")).GetProperty("user").GetString()!;
        return (tokenUser, cookieUser);
    }
}
