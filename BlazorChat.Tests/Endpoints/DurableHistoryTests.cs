using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>The whole app on each database: what is acknowledged stays, across a restart.</summary>
public sealed class DurableHistoryTests
{
    [Fact]
    public async Task Restart_OnTheSameSqliteDatabase_KeepsHistoryMembershipsSeqIdempotencyAndReadMarkers()
    {
        var first = new ChatAppFactory { KeepDataDirectory = true };
        string room = "keep-" + Guid.NewGuid().ToString("N")[..6], alice, token, bob, bobToken;
        using (var api = first.Api())
        {
            alice = await api.NewUserAsync("alice");
            token = await api.TokenAsync(alice);
            bob = await api.NewUserAsync("bob");
            bobToken = await api.TokenAsync(bob);
            await using var socket = await TestSocket.ConnectAsync(first.SocketUri, token);
            await socket.ReceiveAsync();
            await socket.RequestAsync(new { type = "join", room });
            await using var bobSocket = await TestSocket.ConnectAsync(first.SocketUri, bobToken);
            await bobSocket.ReceiveAsync();
            await bobSocket.RequestAsync(new { type = "join", room });
            for (var i = 1; i <= 3; i++)
            {
                Assert.True((await socket.RequestAsync(new { type = "send", room, text = $"m{i}", clientMsgId = $"c{i}" })).GetProperty("ok").GetBoolean());
            }

            await socket.RequestAsync(new { type = "send", to = bob, text = "psst" });
            Assert.Equal(2, (await bobSocket.RequestAsync(new { type = "read", room, seq = 2 })).GetProperty("seq").GetInt64());
        }

        await first.DisposeAsync();
        await using var second = new ChatAppFactory(first.DataDirectory, 0);
        await using var again = await TestSocket.ConnectAsync(second.SocketUri, token); // the token survives too
        var hello = await again.ReceiveAsync();
        var history = await again.RequestAsync(new { type = "history", room });
        var retried = await again.RequestAsync(new { type = "send", room, text = "m3", clientMsgId = "c3" }); // a bot retrying after the restart
        var next = await again.RequestAsync(new { type = "send", room, text = "m4" });
        await using var bobAgain = await TestSocket.ConnectAsync(second.SocketUri, bobToken);
        var bobHello = await bobAgain.ReceiveAsync();

        Assert.Contains(room, hello.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["m1", "m2", "m3"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(3, retried.GetProperty("seq").GetInt64());
        Assert.Equal(history.GetProperty("messages")[2].GetProperty("messageId").GetString(), retried.GetProperty("messageId").GetString());
        Assert.Equal(4, next.GetProperty("seq").GetInt64());
        // Bob's marker (2) survived: m3 and m4 in the room and alice's direct message are unread; general is read.
        Assert.Equal(
            ["room general 0 after 0", $"room {room} 2 after 2", $"with {alice} 1 after 0"],
            bobHello.GetProperty("unread").EnumerateArray().Select(u => u.TryGetProperty("room", out var r)
                ? $"room {r.GetString()} {u.GetProperty("count")} after {u.GetProperty("lastReadSeq")}"
                : $"with {u.GetProperty("with").GetString()} {u.GetProperty("count")} after {u.GetProperty("lastReadSeq")}").Order());
    }

    [Fact]
    public async Task TheApp_RunsOnPostgres_WhenChosen()
    {
        PostgresStoreDatabase.SkipWithoutServer();
        var database = $"bc_app_{Guid.NewGuid():N}";
        await using var app = new ChatAppFactory();
        app.Settings["Persistence:Provider"] = "Postgres";
        app.Settings["ConnectionStrings:Chat"] = $"{Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES")};Database={database}";
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "pg");

        var sent = await alice.RequestAsync(new { type = "send", room = "general", text = "stored in PostgreSQL" });
        var history = await alice.RequestAsync(new { type = "history", room = "general" });
        var read = await alice.RequestAsync(new { type = "read", room = "general", seq = 1 });

        Assert.True(sent.GetProperty("ok").GetBoolean());
        Assert.True(read.GetProperty("ok").GetBoolean());
        Assert.Equal("stored in PostgreSQL", history.GetProperty("messages")[0].GetProperty("text").GetString());
    }
}
