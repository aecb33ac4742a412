using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Signing out ends that browser session everywhere it is used, and nothing else.</summary>
public sealed class SignOutTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task SigningOut_ClosesTheSessionsCookieSockets_RefusesItsCookie_AndLeavesTokenSocketsAlone()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("leaver");
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync(name);
        var cookie = browser.Cookie!;
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var cookieSocket = await TestSocket.ConnectAsync(app.SocketUri, token: null, o =>
        {
            o.SetRequestHeader("Cookie", cookie);
            o.SetRequestHeader("Origin", origin);
        });
        await cookieSocket.ReceiveAsync();
        await using var botSocket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(name));
        await botSocket.ReceiveAsync();

        var signOut = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, signOut);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await cookieSocket.ReceiveCloseAsync());
        Assert.True((await botSocket.RequestAsync(new { type = "send", room = "general", text = "still here" })).GetProperty("ok").GetBoolean());
        using var reuse = new ClientWebSocket();
        reuse.Options.CollectHttpResponseDetails = true;
        reuse.Options.SetRequestHeader("Cookie", cookie);
        reuse.Options.SetRequestHeader("Origin", origin);
        await Assert.ThrowsAsync<WebSocketException>(() => reuse.ConnectAsync(app.SocketUri, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.HttpStatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("csrf");
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync(name);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var forged = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        forged.DefaultRequestHeaders.Add("Cookie", browser.Cookie);

        using var response = await forged.PostAsync("/account/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
