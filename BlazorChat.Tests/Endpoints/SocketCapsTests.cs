using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Per-user caps over /ws: connections and rooms, each answered the documented way.</summary>
public sealed class SocketCapsTests
{
    [Fact]
    public async Task ASocketPastTheConnectionLimit_GetsHttp429BeforeTheUpgrade_AndTheOthersKeepWorking()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:MaxConnectionsPerUser"] = "3";
        using var api = app.Api();
        var alice = await api.NewUserAsync("capped");
        var token = await api.TokenAsync(alice);
        var open = new List<TestSocket>();
        for (var i = 0; i < 3; i++)
        {
            var socket = await TestSocket.ConnectAsync(app.SocketUri, token);
            await socket.ReceiveTypeAsync("hello");
            open.Add(socket);
        }

        using var refused = new ClientWebSocket();
        refused.Options.SetRequestHeader("Authorization", "Bearer " + token);
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(app.SocketUri, TestContext.Current.CancellationToken));
        var stillServed = await open[0].RequestAsync(new { type = "ping" });
        await open[1].DisposeAsync();
        await using var afterOneClosed = await ConnectWhenFreedAsync(app.SocketUri, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
        Assert.True(stillServed.GetProperty("ok").GetBoolean());
        Assert.Equal("hello", (await afterOneClosed.ReceiveTypeAsync("hello")).GetProperty("type").GetString());
        foreach (var socket in open)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task JoiningPastTheRoomLimit_IsForbidden_WithTheReason()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:MaxRoomsPerUser"] = "5";
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "rooms");
        for (var i = 0; i < 5; i++)
        {
            var joined = await alice.RequestAsync(new { type = "join", room = $"r{i}" });
            Assert.True(joined.GetProperty("ok").GetBoolean());
        }

        var refused = await alice.RequestAsync(new { type = "join", room = "r5" });

        SocketMessagingTests.AssertError(refused, "forbidden");
        Assert.Contains("5 rooms", refused.GetProperty("error").GetProperty("message").GetString());
    }

    /// <summary>
    /// The server frees a closed socket's place once it has seen the close; until then a new one may still be refused.
    /// Retries are bounded and stop at the first success.
    /// </summary>
    internal static async Task<TestSocket> ConnectWhenFreedAsync(Uri uri, string token)
    {
        using var deadline = new CancellationTokenSource(TestSocket.Deadline);
        while (true)
        {
            try
            {
                return await TestSocket.ConnectAsync(uri, token);
            }
            catch (WebSocketException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50); // a poll interval, not a wait for luck: the next try checks again
            }
        }
    }
}
