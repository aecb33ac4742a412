using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task ASignedOutCookie_StaysRefused_AfterARestart()
    {
        var first = new ChatAppFactory { KeepDataDirectory = true };
        string cookie, kept;
        using (var api = first.Api())
        {
            var name = await api.NewUserAsync("leaver");
            using var leaving = new BrowserSession(first.BaseAddress);
            await leaving.SignInAsync(name);
            cookie = leaving.Cookie!;
            using var staying = new BrowserSession(first.BaseAddress);
            await staying.SignInAsync(name);
            kept = staying.Cookie!;
            Assert.Equal(HttpStatusCode.Redirect, await leaving.SignOutAsync());
        }

        await first.DisposeAsync();
        await using var second = new ChatAppFactory(first.DataDirectory, 0);

        Assert.Equal(HttpStatusCode.Unauthorized, await CookieSocketStatusAsync(second, cookie));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await CookieSocketStatusAsync(second, kept)); // the other browser
    }

    [Fact]
    public async Task ASignOutOnAnotherNode_EndsThisNodesCookieSockets_FromTheDatabase_WhenNoNoticeArrived()
    {
        // Two nodes on one database, each with a backplane of its own: only the database tells B of the sign-out.
        await using var a = new ChatAppFactory { KeepDataDirectory = true };
        using var api = a.Api();
        var name = await api.NewUserAsync("leaver");
        using var browser = new BrowserSession(a.BaseAddress);
        await browser.SignInAsync(name);
        await using var b = new ChatAppFactory(a.DataDirectory, 0);
        await using var onB = await TestSocket.ConnectAsync(b.SocketUri, token: null, o =>
        {
            o.SetRequestHeader("Cookie", browser.Cookie!);
            o.SetRequestHeader("Origin", b.BaseAddress.GetLeftPart(UriPartial.Authority));
        });
        await onB.ReceiveAsync();

        Assert.Equal(HttpStatusCode.Redirect, await browser.SignOutAsync());
        await b.Services.GetRequiredService<BlazorChat.Web.Accounts.SignInSessions>().RefreshAsync(TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await onB.ReceiveCloseAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await CookieSocketStatusAsync(b, browser.Cookie!));
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

    private static async Task<HttpStatusCode> CookieSocketStatusAsync(ChatAppFactory app, string cookie)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        try
        {
            await socket.ConnectAsync(app.SocketUri, TestContext.Current.CancellationToken);
        }
        catch (WebSocketException)
        {
        }

        return socket.HttpStatusCode;
    }
}
