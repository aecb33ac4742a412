using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>§3 of the contract: every request type, its reply and the events it causes.</summary>
public sealed class SocketMessagingTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task SendToGeneral_IsAcknowledged_AndReachesEverySocket_WithTheAuthenticatedSender()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        var text = "hello " + Guid.NewGuid();

        // "from" in the frame is ignored: the sender is always the authenticated user.
        var reply = await alice.RequestAsync(new { type = "send", room = "general", text, from = bob.User, clientMsgId = "c-1" });
        var received = await bob.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == text);
        var echoed = await alice.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == text);

        Assert.True(reply.GetProperty("ok").GetBoolean());
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Equal(reply.GetProperty("seq").GetInt64(), received.GetProperty("seq").GetInt64());
        Assert.Equal(reply.GetProperty("messageId").GetString(), received.GetProperty("messageId").GetString());
        Assert.Equal(alice.User, received.GetProperty("from").GetString());
        Assert.Equal("general", received.GetProperty("room").GetString());
        Assert.Equal("c-1", received.GetProperty("clientMsgId").GetString());
        Assert.EndsWith("Z", received.GetProperty("sentAt").GetString());
        Assert.Equal(received.GetProperty("messageId").GetString(), echoed.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task Seq_CountsUpByOne_WithinAConversation()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "seq");
        var room = "seq-" + Guid.NewGuid().ToString("N")[..8];
        await alice.RequestAsync(new { type = "join", room });

        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add((await alice.RequestAsync(new { type = "send", room, text = $"m{i}" })).GetProperty("seq").GetInt64());
        }

        Assert.Equal([1, 2, 3, 4, 5], seqs);
    }

    [Fact]
    public async Task DirectMessage_ReachesEverySocketOfBothParticipants_AndNobodyElse()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var alicePhone = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(alice.User));
        await alicePhone.ReceiveAsync();
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        await using var carol = await api.ConnectNewUserAsync(app.SocketUri, "carol");
        var secret = "secret " + Guid.NewGuid();
        var barrier = "barrier " + Guid.NewGuid();

        var reply = await alice.RequestAsync(new { type = "send", to = bob.User.ToUpperInvariant(), text = secret });
        await alice.RequestAsync(new { type = "send", room = "general", text = barrier });

        var atBob = await bob.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == secret);
        Assert.Equal(alice.User, atBob.GetProperty("from").GetString());
        Assert.Equal(bob.User, atBob.GetProperty("to").GetString());
        Assert.False(atBob.TryGetProperty("room", out _));
        Assert.Equal(1, atBob.GetProperty("seq").GetInt64());
        Assert.True(reply.GetProperty("ok").GetBoolean());
        await alice.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == secret);
        await alicePhone.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == secret);
        var carolSaw = await carol.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == barrier);
        Assert.DoesNotContain(carolSaw, f => f.TryGetProperty("text", out var t) && t.GetString() == secret);
    }

    [Fact]
    public async Task SendToUnknownUser_IsRefusedWith_no_such_user_UntilTheyRegister()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        var newcomer = "late" + Guid.NewGuid().ToString("N")[..8];

        var reply = await alice.RequestAsync(new { type = "send", to = newcomer, text = "hi" });
        using var registered = await api.RegisterAsync(newcomer);
        var afterRegistering = await alice.RequestAsync(new { type = "send", to = newcomer.ToUpperInvariant(), text = "welcome" });

        AssertError(reply, "no_such_user");
        Assert.True(afterRegistering.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Rooms_JoinSendLeave_AndNonMembersSeeNothing()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        var room = "ops-" + Guid.NewGuid().ToString("N")[..8];

        var refused = await bob.RequestAsync(new { type = "send", room, text = "before joining" });
        var joined = await alice.RequestAsync(new { type = "join", room });
        var sent = await alice.RequestAsync(new { type = "send", room, text = "members only" });
        var barrier = await alice.RequestAsync(new { type = "send", room = "general", text = "barrier " + room });
        var bobSaw = await bob.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == "barrier " + room);
        var history = await bob.RequestAsync(new { type = "history", room });
        var left = await alice.RequestAsync(new { type = "leave", room });
        var afterLeaving = await alice.RequestAsync(new { type = "send", room, text = "gone" });

        AssertError(refused, "not_a_member");
        Assert.Equal(room, joined.GetProperty("room").GetString());
        Assert.Equal(0, joined.GetProperty("seq").GetInt64());
        Assert.True(sent.GetProperty("ok").GetBoolean());
        Assert.True(barrier.GetProperty("ok").GetBoolean());
        Assert.DoesNotContain(bobSaw, f => f.TryGetProperty("room", out var r) && r.GetString() == room);
        AssertError(history, "not_a_member");
        Assert.True(left.GetProperty("ok").GetBoolean());
        AssertError(afterLeaving, "not_a_member");
    }

    [Fact]
    public async Task LeavingGeneral_IsForbidden()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");

        AssertError(await alice.RequestAsync(new { type = "leave", room = "general" }), "forbidden");
    }

    [Fact]
    public async Task Join_WithAfterSeq_ReturnsWhatCameAfter_OldestFirst()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        var room = "rec-" + Guid.NewGuid().ToString("N")[..8];
        await alice.RequestAsync(new { type = "join", room });
        for (var i = 1; i <= 5; i++)
        {
            await alice.RequestAsync(new { type = "send", room, text = $"m{i}" });
        }

        var rejoined = await alice.RequestAsync(new { type = "join", room, afterSeq = 2 });

        Assert.Equal(5, rejoined.GetProperty("seq").GetInt64());
        Assert.True(rejoined.GetProperty("recovered").GetBoolean());
        Assert.Equal(["m3", "m4", "m5"], rejoined.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task History_PagesBackwards_OldestFirstWithinAPage()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        for (var i = 1; i <= 7; i++)
        {
            await alice.RequestAsync(new { type = "send", to = bob.User, text = $"d{i}" });
        }

        var newest = await bob.RequestAsync(new { type = "history", with = alice.User, limit = 3 });
        var older = await bob.RequestAsync(new { type = "history", with = alice.User, limit = 3, beforeSeq = 5 });
        var badLimit = await bob.RequestAsync(new { type = "history", with = alice.User, limit = 101 });

        Assert.Equal([5, 6, 7], Seqs(newest));
        Assert.Equal([2, 3, 4], Seqs(older));
        AssertError(badLimit, "bad_request");
    }

    [Fact]
    public async Task Typing_ReachesTheOthersInTheConversation_ButNotTheTypist()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");

        var reply = await alice.RequestAsync(new { type = "typing", to = bob.User });
        var typing = await bob.ReceiveTypeAsync("typing");
        var barrier = "barrier " + Guid.NewGuid();
        await alice.RequestAsync(new { type = "send", to = bob.User, text = barrier });
        var aliceSaw = await alice.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == barrier);

        Assert.True(reply.GetProperty("ok").GetBoolean());
        Assert.Equal(alice.User, typing.GetProperty("user").GetString());
        Assert.Equal(bob.User, typing.GetProperty("to").GetString());
        Assert.DoesNotContain(aliceSaw, f => f.GetProperty("type").GetString() == "typing");
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong_EchoingTheStringId()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");

        await alice.SendRawAsync("""{"type":"ping","id":"p-1"}""");
        var pong = await alice.ReceiveTypeAsync("pong");

        Assert.Equal("p-1", pong.GetProperty("replyTo").GetString());
    }

    [Theory]
    [InlineData("""{"type":"send","id":1,"room":"general"}""", "bad_request")]
    [InlineData("""{"type":"send","id":1,"room":"general","to":"x","text":"both"}""", "bad_request")]
    [InlineData("""{"type":"send","id":1,"room":"Not A Room","text":"x"}""", "bad_request")]
    [InlineData("""{"type":"send","id":1,"room":"general","text":"   "}""", "bad_request")]
    [InlineData("""{"type":"send","id":1,"room":"general","text":42}""", "bad_request")]
    [InlineData("""{"type":"join","id":1,"room":"ok","afterSeq":-1}""", "bad_request")]
    [InlineData("""{"type":"dance","id":1}""", "unknown_type")]
    [InlineData("""{"id":1}""", "bad_request")]
    public async Task InvalidRequests_GetAnErrorReply_AndTheSocketStaysOpen(string frame, string code)
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");

        await alice.SendRawAsync(frame);
        var reply = await alice.ReceiveTypeAsync("reply");
        var stillServed = await alice.RequestAsync(new { type = "send", room = "general", text = "still here" });

        AssertError(reply, code);
        Assert.Equal(1, reply.GetProperty("replyTo").GetInt32());
        Assert.True(stillServed.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task AFrameThatIsNotJson_GetsAnErrorEvent_AndTheSocketStaysOpen()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");

        await alice.SendRawAsync("{not json");
        var error = await alice.ReceiveTypeAsync("error");
        var pong = await alice.RequestAsync(new { type = "ping" });

        Assert.Equal("bad_json", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TextOverTheLimit_IsRefusedWith_too_large_AndNothingIsStored()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        var room = "big-" + Guid.NewGuid().ToString("N")[..8];
        await alice.RequestAsync(new { type = "join", room });

        var atLimit = await alice.RequestAsync(new { type = "send", room, text = new string('a', 4000) });
        var overLimit = await alice.RequestAsync(new { type = "send", room, text = new string('a', 4001) });
        var emoji = await alice.RequestAsync(new { type = "send", room, text = string.Concat(Enumerable.Repeat("😀", 4000)) });
        var history = await alice.RequestAsync(new { type = "history", room });

        Assert.True(atLimit.GetProperty("ok").GetBoolean());
        AssertError(overLimit, "too_large");
        Assert.True(emoji.GetProperty("ok").GetBoolean());
        Assert.Equal([1, 2], Seqs(history));
    }

    internal static void AssertError(JsonElement reply, string code)
    {
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.False(reply.GetProperty("ok").GetBoolean());
        Assert.Equal(code, reply.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("error").GetProperty("message").GetString()));
    }

    private static long[] Seqs(JsonElement reply) =>
        reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToArray();
}
