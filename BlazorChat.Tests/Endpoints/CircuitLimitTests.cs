using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>A leaked sign-in cookie cannot open Blazor circuits without end: their connections count towards the cap too.</summary>
public sealed class CircuitLimitTests
{
    [Fact]
    public async Task ACircuitConnectionPastTheLimit_Gets429_AndAnotherUserIsNotCounted()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:MaxConnectionsPerUser"] = "2";
        using var api = app.Api();
        var alice = await api.NewUserAsync("circuits");
        var bob = await api.NewUserAsync("other");
        using var aliceBrowser = new BrowserSession(app.BaseAddress);
        await aliceBrowser.SignInAsync(alice);
        using var bobBrowser = new BrowserSession(app.BaseAddress);
        await bobBrowser.SignInAsync(bob);

        var open = new List<ClientWebSocket> { await OpenCircuitAsync(app, aliceBrowser), await OpenCircuitAsync(app, aliceBrowser) };
        using var refused = NewCircuitSocket(aliceBrowser);
        refused.Options.CollectHttpResponseDetails = true;
        var third = await CircuitUriAsync(app, aliceBrowser);
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(third, TestContext.Current.CancellationToken));
        using var bobs = await OpenCircuitAsync(app, bobBrowser);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, bobs.State);
        foreach (var socket in open)
        {
            socket.Dispose();
        }
    }

    /// <summary>Opens a circuit's connection as blazor.web.js does: negotiate, then a WebSocket and the hub handshake.</summary>
    private static async Task<ClientWebSocket> OpenCircuitAsync(ChatAppFactory app, BrowserSession browser)
    {
        var socket = NewCircuitSocket(browser);
        using var timeout = new CancellationTokenSource(TestSocket.Deadline);
        await socket.ConnectAsync(await CircuitUriAsync(app, browser), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, timeout.Token);
        var answer = new byte[256];
        var handshake = await socket.ReceiveAsync(answer, timeout.Token);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(answer, 0, handshake.Count));
        return socket;
    }

    private static ClientWebSocket NewCircuitSocket(BrowserSession browser)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", browser.Cookie!);
        return socket;
    }

    private static async Task<Uri> CircuitUriAsync(ChatAppFactory app, BrowserSession browser)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Cookie", browser.Cookie!);
        using var response = await http.SendAsync(negotiate);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        return new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = "/_blazor", Query = "id=" + token }.Uri;
    }
}
