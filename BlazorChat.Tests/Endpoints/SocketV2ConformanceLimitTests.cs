using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>ws-protocol-v2 §6 against a server that recovers at most 40 changes per join.</summary>
public sealed class SocketV2ConformanceLimitTests(SmallRecoveryApp app) : IClassFixture<SmallRecoveryApp>
{
    [Fact]
    public async Task JoinAfterRev_RecoversUpToTheLimit_AndPastItSaysNotRecovered_CountingEveryChange()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var sent = await alice.OkAsync(new { type = "send", room, text = "e0" });
        for (var i = 1; i < 40; i++)
        {
            await alice.OkAsync(new { type = "edit", messageId = sent.Id(), text = $"e{i}" }); // one message, 40 changes
        }

        var atTheLimit = await alice.OkAsync(new { type = "join", room, afterRev = 0 });
        await alice.OkAsync(new { type = "react", messageId = sent.Id(), emoji = "➕", on = true });
        var pastIt = await alice.OkAsync(new { type = "join", room, afterRev = 0 });
        var fromOne = await alice.OkAsync(new { type = "join", room, afterRev = 1 });

        Assert.True(atTheLimit.GetProperty("recovered").GetBoolean());
        Assert.Equal(40, atTheLimit.GetProperty("events").GetArrayLength());
        Assert.False(pastIt.GetProperty("recovered").GetBoolean(), pastIt.ToString());
        Assert.Equal(0, pastIt.GetProperty("events").GetArrayLength());
        Assert.Equal(41L, pastIt.Long("rev"));
        Assert.True(fromOne.GetProperty("recovered").GetBoolean());
        RevStream.AssertGapFree(fromOne.GetProperty("events").EnumerateArray(), 1);
    }
}
