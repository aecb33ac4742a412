using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Protocol v2 §6 on real Kestrel: a join with afterRev recovers every change, gap-free, then live follows.</summary>
public sealed class SocketV2RecoveryTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task JoinAfterRev_ReturnsEveryChangeInRevOrder_WithTheCurrentText_ThenLiveFollowsWithoutGap()
    {
        using var api = app.Api();
        var room = "rec-" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        var bob = await api.NewUserAsync("bob");
        await alice.RequestAsync(new { type = "join", room });
        await using (var bobBefore = await api.ConnectV2Async(app.SocketUri, existing: bob))
        {
            await bobBefore.RequestAsync(new { type = "join", room });
        }

        var first = await alice.RequestAsync(new { type = "send", room, text = "one" }); // rev 1: bob saw it
        var missedFrom = first.GetProperty("rev").GetInt64();
        var two = (await alice.RequestAsync(new { type = "send", room, text = "two" })).GetProperty("messageId").GetString();
        await alice.RequestAsync(new { type = "edit", messageId = first.GetProperty("messageId").GetString(), text = "one, edited" });
        await alice.RequestAsync(new { type = "react", messageId = two, emoji = "🎉", on = true });
        await alice.RequestAsync(new { type = "edit", messageId = two, text = "two, edited" });
        await alice.RequestAsync(new { type = "delete", messageId = two });
        await alice.RequestAsync(new { type = "send", room, text = "three" });

        await using var bobBack = await api.ConnectV2Async(app.SocketUri, existing: bob);
        var reply = await bobBack.RequestAsync(new { type = "join", room, afterRev = missedFrom });

        Assert.True(reply.GetProperty("recovered").GetBoolean(), reply.ToString());
        Assert.Equal(missedFrom + 6, reply.GetProperty("rev").GetInt64());
        var events = RevStream.AssertGapFree(reply.GetProperty("events").EnumerateArray(), missedFrom);
        Assert.Equal(["message", "edit", "reaction", "edit", "delete", "message"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("", events[0].GetProperty("text").GetString()); // recovered: the text as it is now, deleted since
        Assert.True(events[0].GetProperty("deleted").GetBoolean());
        Assert.Equal("", events[3].GetProperty("text").GetString());

        var live = await alice.RequestAsync(new { type = "send", room, text = "four" });
        var next = await bobBack.ReceiveTypeAsync("message", m => m.GetProperty("room").GetString() == room);
        Assert.Equal(live.GetProperty("rev").GetInt64(), next.GetProperty("rev").GetInt64());
        Assert.Equal(missedFrom + 7, next.GetProperty("rev").GetInt64());

        // Applied in order, the events leave bob with the current state of every message.
        var state = RevStream.Apply(events.Append(next));
        Assert.Equal("one, edited", state[first.GetProperty("messageId").GetString()!]);
        Assert.Equal("", state[two!]);
        Assert.Equal(["three", "four"], events.Append(next).Where(e => e.GetProperty("type").GetString() == "message").Skip(1)
            .Select(e => state[e.GetProperty("messageId").GetString()!]));
    }

    [Fact]
    public async Task JoinAfterRev_AtTheHead_RecoversNothing_AndTooFarBack_SaysNotRecovered()
    {
        using var api = app.Api();
        var room = "rec-" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.RequestAsync(new { type = "join", room });
        var sent = await alice.RequestAsync(new { type = "send", room, text = "x" });

        var atHead = await alice.RequestAsync(new { type = "join", room, afterRev = sent.GetProperty("rev").GetInt64() });
        Assert.True(atHead.GetProperty("recovered").GetBoolean());
        Assert.Equal(0, atHead.GetProperty("events").GetArrayLength());
        Assert.Equal("bad_request", await SocketV2ChangesTests.ErrorAsync(alice, new { type = "join", room, afterRev = -1 }));
        var plain = await alice.RequestAsync(new { type = "join", room });
        Assert.False(plain.TryGetProperty("events", out _));
        Assert.Equal(sent.GetProperty("rev").GetInt64(), plain.GetProperty("rev").GetInt64());
    }

    [Fact]
    public async Task TheRecoveredChanges_OutliveARestart()
    {
        var data = Directory.CreateTempSubdirectory("blazorchat-rev-").FullName;
        var room = "restart-" + Guid.NewGuid().ToString("N")[..8];
        string alice;
        string messageId;
        await using (var first = await AppProcess.StartAsync(data))
        {
            using var api = new ChatApi(first.BaseAddress);
            await using var socket = await api.ConnectV2Async(first.SocketUri, "alice");
            alice = socket.User;
            await socket.RequestAsync(new { type = "join", room });
            messageId = (await socket.RequestAsync(new { type = "send", room, text = "before" })).GetProperty("messageId").GetString()!;
            await socket.RequestAsync(new { type = "edit", messageId, text = "after" });
            await socket.RequestAsync(new { type = "react", messageId, emoji = "✅", on = true });
        }

        await using var restarted = await AppProcess.StartAsync(data);
        using var again = new ChatApi(restarted.BaseAddress);
        await using var back = await again.ConnectV2Async(restarted.SocketUri, existing: alice);
        var reply = await back.RequestAsync(new { type = "join", room, afterRev = 0 });

        Assert.True(reply.GetProperty("recovered").GetBoolean(), reply.ToString());
        var events = RevStream.AssertGapFree(reply.GetProperty("events").EnumerateArray(), 0);
        Assert.Equal(["message", "edit", "reaction"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("after", events[0].GetProperty("text").GetString());
        var stored = Assert.Single((await back.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        Assert.Equal(3, stored.GetProperty("version").GetInt64());
        Assert.Equal("✅", stored.GetProperty("reactions")[0].GetProperty("emoji").GetString());
    }
}
