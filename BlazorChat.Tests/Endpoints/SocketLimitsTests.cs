using System.Net.WebSockets;
using System.Text;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Close codes and limits: bad input gets a clear answer and the server keeps serving everyone else.</summary>
public sealed class SocketLimitsTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task ABinaryFrame_ClosesWith1003()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "bin");

        await alice.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await alice.ReceiveCloseAsync());
    }

    [Fact]
    public async Task AFrameOverMaxFrameBytes_ClosesWith1009_AndOthersAreStillServed()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "big");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bystander");
        var huge = $$"""{"type":"send","room":"general","text":"{{new string('x', 70_000)}}"}""";

        await alice.Socket.SendAsync(Encoding.UTF8.GetBytes(huge), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
        var status = await alice.ReceiveCloseAsync();
        var reply = await bob.RequestAsync(new { type = "send", room = "general", text = "still fine" });

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.True(reply.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task ClientClose_IsAnsweredWithANormalClose()
    {
        using var api = app.Api();
        var alice = await api.ConnectNewUserAsync(app.SocketUri, "bye");

        await alice.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketState.Closed, alice.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, alice.Socket.CloseStatus);
        await alice.DisposeAsync();
    }
}

/// <summary>Limits that need their own server settings.</summary>
public sealed class SocketAbuseTests
{
    [Fact]
    public async Task SendingTooFast_IsRefusedWith_rate_limited_AndRetryAfter()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:SendBurst"] = "3";
        app.Settings["Chat:SendsPerSecond"] = "0.1";
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "fast");

        var replies = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await alice.RequestAsync(new { type = "send", room = "general", text = $"m{i}" }));
        }

        Assert.All(replies[..3], r => Assert.True(r.GetProperty("ok").GetBoolean()));
        SocketMessagingTests.AssertError(replies[3], "rate_limited");
        Assert.True(replies[3].GetProperty("error").GetProperty("retryAfterMs").GetInt64() > 0);
    }

    [Fact]
    public async Task SustainedAbuseOfTheRateLimit_ClosesWith4029()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:SendBurst"] = "1";
        app.Settings["Chat:SendsPerSecond"] = "0.01";
        app.Settings["Chat:AbuseThreshold"] = "10";
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "abuse");

        for (var i = 0; i < 20; i++)
        {
            await alice.SendAsync(new { type = "send", room = "general", text = $"m{i}" });
        }

        Assert.Equal((WebSocketCloseStatus)4029, await alice.ReceiveCloseAsync());
    }

    [Fact]
    public async Task AServerFault_IsAnsweredWith_internal_AndTheSocketKeepsWorking()
    {
        await using var app = new ChatAppFactory();
        app.ConfigureServices = services => services.AddSingleton<IChatMessageStore>(new FaultyMessageStore { FailAppends = true });
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "fault");

        var reply = await alice.RequestAsync(new { type = "send", room = "general", text = "into the void" });
        var pong = await alice.RequestAsync(new { type = "ping" });

        SocketMessagingTests.AssertError(reply, "internal");
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ASocketThatNeverReads_IsClosedWith4008_WhileOthersKeepReceiving()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Chat:OutboundQueueCapacity"] = "64";
        using var api = app.Api();
        await using var watcher = await api.ConnectNewUserAsync(app.SocketUri, "watch");
        var slowName = await api.NewUserAsync("slow");
        await using var slow = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(slowName));
        await using var flooder = await api.ConnectNewUserAsync(app.SocketUri, "flood");
        await watcher.ReceiveTypeAsync("presence", p => p.GetProperty("user").GetString() == slowName);

        // Big messages fill the slow socket's TCP buffers; then its queue of 64 overflows. Bounded: stop at 2,000.
        var text = string.Concat(Enumerable.Repeat("🙂", 4000));
        var wentOffline = watcher.ReceiveTypeAsync(
            "presence", p => p.GetProperty("user").GetString() == slowName && !p.GetProperty("online").GetBoolean());
        for (var i = 0; i < 2000 && !wentOffline.IsCompleted; i++)
        {
            var reply = await flooder.RequestAsync(new { type = "send", room = "general", text });
            Assert.True(reply.GetProperty("ok").GetBoolean());
        }

        await wentOffline;
        Assert.Equal((WebSocketCloseStatus)4008, await slow.ReceiveCloseAsync());
    }
}
