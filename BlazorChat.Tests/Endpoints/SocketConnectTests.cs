using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>§2 of the contract: who may open <c>/ws</c>, and what they get first.</summary>
public sealed class SocketConnectTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task Upgrade_Answers401_WithoutCredentials()
    {
        var status = await UpgradeStatusAsync(app.SocketUri, _ => { });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Upgrade_Answers401_ForAForgedToken()
    {
        var status = await UpgradeStatusAsync(app.SocketUri, o => o.SetRequestHeader("Authorization", "Bearer not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Hello_IsTheFirstFrame_WithUserRoomsOnlineAndLimits()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("hello");

        await using var socket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(name));
        var hello = await socket.ReceiveAsync();

        Assert.Equal("hello", hello.GetProperty("type").GetString());
        Assert.Equal(name, hello.GetProperty("user").GetString());
        Assert.Equal("general", hello.GetProperty("rooms")[0].GetString());
        Assert.Contains(name, hello.GetProperty("online").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(65536, hello.GetProperty("limits").GetProperty("maxFrameBytes").GetInt32());
        Assert.Equal(4000, hello.GetProperty("limits").GetProperty("maxTextChars").GetInt32());
    }

    [Fact]
    public async Task AccessTokenQueryParameter_Authenticates_ForBrowsersThatCannotSetHeaders()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("query");
        var token = await api.TokenAsync(name);
        var uri = new UriBuilder(app.SocketUri) { Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;

        await using var socket = await TestSocket.ConnectAsync(uri, token: null);
        var hello = await socket.ReceiveAsync();

        Assert.Equal(name, hello.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Subprotocol_IsSelected_WhenTheClientOffersIt()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("proto");

        await using var socket = await TestSocket.ConnectAsync(
            app.SocketUri, await api.TokenAsync(name), o => o.AddSubProtocol("blazorchat.v1"));

        Assert.Equal("blazorchat.v1", socket.Socket.SubProtocol);
    }

    [Fact]
    public async Task Cookie_IsRefusedWith403_FromAForeignOrigin()
    {
        using var api = app.Api();
        var cookie = await SignInCookieAsync(api);

        var status = await UpgradeStatusAsync(app.SocketUri, o =>
        {
            o.SetRequestHeader("Cookie", cookie);
            o.SetRequestHeader("Origin", "https://evil.example");
        });

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Cookie_IsRefused_WithoutAnyOrigin()
    {
        using var api = app.Api();
        var cookie = await SignInCookieAsync(api);

        var status = await UpgradeStatusAsync(app.SocketUri, o => o.SetRequestHeader("Cookie", cookie));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Cookie_IsAccepted_FromTheAppsOwnOrigin()
    {
        using var api = app.Api();
        var cookie = await SignInCookieAsync(api);
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        await using var socket = await TestSocket.ConnectAsync(app.SocketUri, token: null, o =>
        {
            o.SetRequestHeader("Cookie", cookie);
            o.SetRequestHeader("Origin", origin);
        });
        var hello = await socket.ReceiveAsync();

        Assert.Equal("hello", hello.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Presence_TellsOthersWhenAUsersFirstSocketOpensAndLastCloses()
    {
        using var api = app.Api();
        await using var watcher = await api.ConnectNewUserAsync(app.SocketUri, "watch");
        var name = await api.NewUserAsync("comer");
        var token = await api.TokenAsync(name);

        var first = await TestSocket.ConnectAsync(app.SocketUri, token);
        var online = await watcher.ReceiveTypeAsync("presence", p => p.GetProperty("user").GetString() == name);
        var second = await TestSocket.ConnectAsync(app.SocketUri, token);
        await second.ReceiveAsync();
        await first.DisposeAsync();
        await second.DisposeAsync();
        var frames = await watcher.ReceiveThroughAsync(f => f.GetProperty("type").GetString() == "presence" && f.GetProperty("user").GetString() == name);

        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.False(frames[^1].GetProperty("online").GetBoolean());
        Assert.DoesNotContain(frames[..^1], f => f.GetProperty("type").GetString() == "presence" && f.GetProperty("user").GetString() == name);
    }

    [Fact]
    public async Task Socket_ClosesWith1008_WhenItsTokenExpires()
    {
        await using var shortLived = new ChatAppFactory();
        shortLived.Settings["Chat:TokenLifetime"] = "00:00:02";
        using var api = shortLived.Api();
        var name = await api.NewUserAsync("expiry");

        await using var socket = await TestSocket.ConnectAsync(shortLived.SocketUri, await api.TokenAsync(name));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Socket_ClosesWith1008_WhenItsCredentialIsRevoked_AndTheOldTokenNoLongerConnects()
    {
        await using var revoking = new ChatAppFactory();
        revoking.Settings["Chat:CredentialRevalidationInterval"] = "00:00:00.200";
        using var api = revoking.Api();
        var name = await api.NewUserAsync("revoked");
        var token = await api.TokenAsync(name);
        await using var socket = await TestSocket.ConnectAsync(revoking.SocketUri, token);
        await socket.ReceiveAsync();

        await using (var scope = revoking.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByNameAsync(name))!); // "sign out everywhere"
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.ReceiveCloseAsync());
        Assert.Equal(HttpStatusCode.Unauthorized,
            await UpgradeStatusAsync(revoking.SocketUri, o => o.SetRequestHeader("Authorization", "Bearer " + token)));
    }

    [Fact]
    public async Task ACookieSocket_ClosesWith1008_WhenItsUserChangesTheirPassword_AndTheOldCookieNoLongerConnects()
    {
        await using var revoking = new ChatAppFactory();
        revoking.Settings["Chat:CredentialRevalidationInterval"] = "00:00:00.200";
        using var api = revoking.Api();
        var name = await api.NewUserAsync("changer");
        using var browser = new BrowserSession(revoking.BaseAddress);
        await browser.SignInAsync(name);
        var origin = revoking.BaseAddress.GetLeftPart(UriPartial.Authority);
        void WithCookie(ClientWebSocketOptions o)
        {
            o.SetRequestHeader("Cookie", browser.Cookie!);
            o.SetRequestHeader("Origin", origin);
        }

        await using var socket = await TestSocket.ConnectAsync(revoking.SocketUri, token: null, WithCookie);
        await socket.ReceiveAsync();

        await using (var scope = revoking.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
            var user = (await users.FindByNameAsync(name))!;
            Assert.True((await users.ChangePasswordAsync(user, ChatApi.Password, "a brand new passphrase 2")).Succeeded);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.ReceiveCloseAsync()); // as a bearer socket's
        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(revoking.SocketUri, WithCookie));
    }

    [Fact]
    public async Task Socket_ClosesWith1001_WhenTheServerShutsDown()
    {
        var stopping = new ChatAppFactory();
        using var api = stopping.Api();
        await using var socket = await api.ConnectNewUserAsync(stopping.SocketUri, "shutdown");

        var closed = socket.ReceiveCloseAsync();
        await stopping.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await closed);
    }

    /// <summary>Signs a new user in through the sign-in form, as a browser does, and returns its cookie.</summary>
    private async Task<string> SignInCookieAsync(ChatApi api)
    {
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync(await api.NewUserAsync("cookie"));
        return browser.Cookie!;
    }

    private static async Task<HttpStatusCode?> UpgradeStatusAsync(Uri uri, Action<ClientWebSocketOptions> configure)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure(socket.Options);
        try
        {
            await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }
}
