using System.Text.Json;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>A server that recovers at most 40 messages per join.</summary>
public sealed class SmallRecoveryApp : ChatAppFactory
{
    public SmallRecoveryApp() => Settings["Chat:MaxRecoveredMessages"] = "40";
}

/// <summary>§4 of issue #4: <c>join</c> with <c>afterSeq</c> after a disconnect, in pages, then live, with no gap and no duplicate.</summary>
public sealed class SocketRecoveryTests(SmallRecoveryApp app) : IClassFixture<SmallRecoveryApp>
{
    [Fact]
    public async Task Rejoin_AfterMissingManyMessages_GetsAPageInTheReply_TheRestAsEvents_ThenLiveOnes_EachOnceInOrder()
    {
        using var api = app.Api();
        var room = "r" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        var bobName = await api.NewUserAsync("bob");
        await alice.RequestAsync(new { type = "join", room });
        await using (var before = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(bobName)))
        {
            await before.RequestAsync(new { type = "join", room });
        }

        for (var i = 1; i <= 25; i++)
        {
            await alice.RequestAsync(new { type = "send", room, text = $"m{i}" });
        }

        // Bob comes back and rejoins while Alice keeps talking.
        await using var bob = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(bobName));
        var talking = Task.Run(async () =>
        {
            for (var i = 26; i <= 40; i++)
            {
                await alice.RequestAsync(new { type = "send", room, text = $"m{i}" });
            }
        });
        var joinId = await bob.SendAsync(new { type = "join", room, afterSeq = 0, pageSize = 10 });
        // Live messages that arrived before the reply may repeat in it (skip seqs you hold); from the reply on, none may.
        var reply = (await bob.ReceiveThroughAsync(f => f.TryGetProperty("replyTo", out var r) && r.GetInt32() == joinId))[^1];
        await talking;

        var seen = reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        while (seen[^1] < 40)
        {
            var frame = await bob.ReceiveTypeAsync("message", m => m.GetProperty("room").GetString() == room);
            seen.Add(frame.GetProperty("seq").GetInt64());
        }

        Assert.True(reply.GetProperty("recovered").GetBoolean());
        Assert.Equal(10, reply.GetProperty("messages").GetArrayLength());
        Assert.Equal(reply.GetProperty("seq").GetInt64() - 10, reply.GetProperty("remaining").GetInt64());
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Rejoin_WithoutAPageSize_GetsEveryMissedMessageInTheReply_AsInV1()
    {
        using var api = app.Api();
        var room = "r" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await alice.RequestAsync(new { type = "join", room });
        for (var i = 1; i <= 45; i++)
        {
            await alice.RequestAsync(new { type = "send", room, text = $"m{i}" });
        }

        var all = await alice.RequestAsync(new { type = "join", room, afterSeq = 5 });
        var tooMany = await alice.RequestAsync(new { type = "join", room, afterSeq = 2 });
        var tooManyPaged = await alice.RequestAsync(new { type = "join", room, afterSeq = 2, pageSize = 10 });
        var older = await alice.RequestAsync(new { type = "history", room, beforeSeq = 36, limit = 5 });

        Assert.True(all.GetProperty("recovered").GetBoolean());
        Assert.Equal(Enumerable.Range(6, 40).Select(i => (long)i), Seqs(all));
        Assert.False(all.TryGetProperty("remaining", out _));
        Assert.False(tooMany.GetProperty("recovered").GetBoolean());
        Assert.Equal(Enumerable.Range(6, 40).Select(i => (long)i), Seqs(tooMany)); // the newest, to page back from
        Assert.False(tooManyPaged.GetProperty("recovered").GetBoolean());
        Assert.Equal(0, tooManyPaged.GetProperty("remaining").GetInt64());
        Assert.Equal(Enumerable.Range(36, 10).Select(i => (long)i), Seqs(tooManyPaged));
        Assert.Equal(Enumerable.Range(31, 5).Select(i => (long)i), Seqs(older));
    }

    [Fact]
    public async Task History_WithAfterSeq_PagesForwards()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");
        for (var i = 1; i <= 6; i++)
        {
            await alice.RequestAsync(new { type = "send", to = bob.User, text = $"d{i}" });
        }

        var forwards = await bob.RequestAsync(new { type = "history", with = alice.User, afterSeq = 2, limit = 3 });
        var both = await bob.RequestAsync(new { type = "history", with = alice.User, afterSeq = 2, beforeSeq = 5 });

        Assert.Equal([3L, 4L, 5L], Seqs(forwards));
        Assert.Equal("bad_request", both.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AMessageArrivingWhileARecoveryIsSent_WaitsForIt_AndComesOnceAfterIt()
    {
        await using var general = await FiveMessagesInGeneralAsync();
        var (store, alice, bob) = (general.Store, general.Alice, general.Bob);
        var gate = new ReadGate(free: 1); // the reply's page; the rest waits
        store.ForwardReadGate = gate;
        var joinId = await bob.SendAsync(new { type = "join", room = "general", afterSeq = 0, pageSize = 2 });
        await gate.Reached.Task.WaitAsync(TestSocket.Deadline); // the reply is out, the recovery has begun
        var live = await alice.RequestAsync(new { type = "send", room = "general", text = "live" });
        gate.Opened.SetResult();

        var frames = await bob.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == "live");
        var reply = frames.Single(f => f.TryGetProperty("replyTo", out var r) && r.GetInt32() == joinId);
        var seqs = reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64())
            .Concat(frames.SkipWhile(f => !f.Equals(reply)).Skip(1).Where(f => f.GetProperty("type").GetString() == "message")
                .Select(f => f.GetProperty("seq").GetInt64()));

        Assert.Equal(6, live.GetProperty("seq").GetInt64());
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], seqs);
    }

    [Fact]
    public async Task ARecoveryThatCannotBeRead_ClosesWith1011_SoTheClientRejoins_InsteadOfLeavingAGap()
    {
        await using var general = await FiveMessagesInGeneralAsync();
        general.Store.ForwardReadsBeforeFailing = 1; // the reply's page, then nothing
        var bob = general.Bob;
        var reply = await bob.RequestAsync(new { type = "join", room = "general", afterSeq = 0, pageSize = 2 });

        Assert.Equal(3, reply.GetProperty("remaining").GetInt64());
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, await bob.ReceiveCloseAsync());
    }

    /// <summary>A server on a store the test can trouble, where alice has sent m1..m5 to general and bob just connected.</summary>
    private static async Task<TroubledGeneral> FiveMessagesInGeneralAsync()
    {
        var store = new FaultyMessageStore();
        var app = new ChatAppFactory { ConfigureServices = services => services.AddSingleton<IChatMessageStore>(store) };
        using var api = app.Api();
        var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        for (var i = 1; i <= 5; i++)
        {
            await alice.RequestAsync(new { type = "send", room = "general", text = $"m{i}" });
        }

        return new TroubledGeneral(app, store, alice, await api.ConnectNewUserAsync(app.SocketUri, "bob"));
    }

    private sealed record TroubledGeneral(ChatAppFactory App, FaultyMessageStore Store, TestSocket Alice, TestSocket Bob) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Bob.DisposeAsync();
            await Alice.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    private static IEnumerable<long> Seqs(JsonElement reply) =>
        reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64());
}
