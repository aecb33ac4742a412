using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Unread counts over /ws: <c>unread</c> in <c>hello</c>, the <c>read</c> request and the <c>read</c> event.</summary>
public sealed class SocketUnreadTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task Hello_CarriesUnreadCounts_ForRoomsAndDirectConversations()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        var bob = await api.NewUserAsync("bob");
        var room = Room();
        await using (var first = await ConnectAsync(api, bob))
        {
            await first.RequestAsync(new { type = "join", room });
        }

        await alice.RequestAsync(new { type = "join", room });
        await SendAsync(alice, new { room }, 3);
        await SendAsync(alice, new { to = bob }, 2);
        await using var again = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(bob));
        var hello = await again.ReceiveAsync();

        // Every field exactly (v2 §7 adds "mentions"), so nothing else sneaks in.
        var unread = hello.GetProperty("unread");
        Assert.Equal($$"""{"room":"{{room}}","count":3,"lastReadSeq":0,"lastUnreadSeq":3,"mentions":0}""", Entry(unread, "room", room).GetRawText());
        Assert.Equal($$"""{"with":"{{alice.User}}","count":2,"lastReadSeq":0,"lastUnreadSeq":2,"mentions":0}""",
            Entry(unread, "with", alice.User).GetRawText());
    }

    [Fact]
    public async Task Read_ReachesEverySocketOfTheUser_AndNobodyElse_AndTheCountIsGoneOnReconnect()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        await using var bobPhone = await ConnectAsync(api, bob.User);
        await using var carol = await api.ConnectNewUserAsync(app.SocketUri, "carol");
        await SendAsync(alice, new { to = bob.User }, 3);
        var barrier = "barrier " + Guid.NewGuid();

        var reply = await bob.RequestAsync(new { type = "read", with = alice.User.ToUpperInvariant(), seq = 3 });
        await bob.RequestAsync(new { type = "send", room = "general", text = barrier });

        Assert.True(reply.GetProperty("ok").GetBoolean());
        Assert.Equal(3, reply.GetProperty("seq").GetInt64());
        foreach (var socket in new[] { bob, bobPhone })
        {
            var read = await socket.ReceiveTypeAsync("read");
            Assert.Equal($$"""{"type":"read","with":"{{alice.User}}","seq":3,"unread":0,"countedThrough":3,"mentions":0}""", read.GetRawText()); // mentions: v2 §7
        }

        foreach (var other in new[] { alice, carol })
        {
            var seen = await other.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == barrier);
            Assert.DoesNotContain(seen, f => f.GetProperty("type").GetString() == "read");
        }

        await using var again = await ConnectAsync(api, bob.User, keepHello: true);
        var hello = await again.ReceiveAsync();
        Assert.DoesNotContain(hello.GetProperty("unread").EnumerateArray(), u => u.TryGetProperty("with", out var w) && w.GetString() == alice.User);
    }

    [Fact]
    public async Task Read_BeyondTheLatest_IsClamped_AndALowerSeqChangesNothing()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        var room = Room();
        await bob.RequestAsync(new { type = "join", room });
        await alice.RequestAsync(new { type = "join", room });
        await SendAsync(alice, new { room }, 4);

        var beyond = await bob.RequestAsync(new { type = "read", room, seq = 1_000_000 });
        var lower = await bob.RequestAsync(new { type = "read", room, seq = 2 });

        Assert.Equal(4, beyond.GetProperty("seq").GetInt64());
        Assert.Equal(4, lower.GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("""{"type":"read","id":1,"room":"not-joined-here","seq":1}""", "not_a_member")]
    [InlineData("""{"type":"read","id":1,"with":"nobody-by-that-name","seq":1}""", "no_such_user")]
    [InlineData("""{"type":"read","id":1,"room":"general","seq":-1}""", "bad_request")]
    [InlineData("""{"type":"read","id":1,"room":"general","seq":"3"}""", "bad_request")]
    [InlineData("""{"type":"read","id":1,"room":"general"}""", "bad_request")]
    [InlineData("""{"type":"read","id":1,"seq":1}""", "bad_request")]
    [InlineData("""{"type":"read","id":1,"room":"general","with":"bob","seq":1}""", "bad_request")]
    public async Task InvalidReads_AreRefused_AndTheSocketStaysOpen(string frame, string code)
    {
        using var api = app.Api();
        await using var socket = await api.ConnectNewUserAsync(app.SocketUri, "reader");

        await socket.SendRawAsync(frame);
        var reply = await socket.ReceiveTypeAsync("reply");
        var pong = await socket.RequestAsync(new { type = "ping" });

        Assert.False(reply.GetProperty("ok").GetBoolean());
        Assert.Equal(code, reply.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    private async Task<TestSocket> ConnectAsync(ChatApi api, string user, bool keepHello = false)
    {
        var socket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(user));
        socket.User = user;
        if (!keepHello)
        {
            Assert.Equal("hello", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        }

        return socket;
    }

    private static async Task SendAsync(TestSocket socket, object target, int count)
    {
        var fields = JsonSerializer.SerializeToElement(target).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        for (var i = 0; i < count; i++)
        {
            var request = new Dictionary<string, object?>(fields) { ["type"] = "send", ["text"] = $"m{i}" };
            Assert.True((await socket.RequestAsync(request)).GetProperty("ok").GetBoolean());
        }
    }

    private static JsonElement Entry(JsonElement unread, string field, string value) =>
        Assert.Single(unread.EnumerateArray(), u => u.TryGetProperty(field, out var v) && v.GetString() == value);

    private static string Room() => "unread-" + Guid.NewGuid().ToString("N")[..8];
}
