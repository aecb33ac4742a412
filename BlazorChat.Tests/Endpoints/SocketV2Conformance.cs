using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>What the v2 conformance tests share: a client's way of setting up rooms and reading frames.</summary>
internal static class SocketV2Conformance
{
    public static string NewRoom() => "cf-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Joins every socket to <paramref name="room"/>, in order.</summary>
    public static async Task JoinAllAsync(string room, params TestSocket[] sockets)
    {
        foreach (var socket in sockets)
        {
            var reply = await socket.RequestAsync(new { type = "join", room });
            Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        }
    }

    /// <summary>Sends a request that must succeed and returns its reply.</summary>
    public static async Task<JsonElement> OkAsync(this TestSocket socket, object request)
    {
        var reply = await socket.RequestAsync(request);
        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        return reply;
    }

    public static bool Has(this JsonElement element, string property) => element.TryGetProperty(property, out _);

    public static string Id(this JsonElement element) => element.GetProperty("messageId").GetString()!;

    public static long Long(this JsonElement element, string property) => element.GetProperty(property).GetInt64();

    public static string[] Names(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Frames up to a message with <paramref name="barrierText"/> (events reach a socket in publication order).</summary>
    public static Task<List<JsonElement>> ThroughTextAsync(this TestSocket socket, string barrierText) =>
        socket.ReceiveThroughAsync(f => f.GetProperty("type").GetString() == "message"
            && f.TryGetProperty("text", out var t) && t.GetString() == barrierText);

    /// <summary>The frames about one message (its message event and its changes).</summary>
    public static List<JsonElement> About(this IEnumerable<JsonElement> frames, string messageId) =>
        frames.Where(f => f.TryGetProperty("messageId", out var id) && id.GetString() == messageId
            && f.GetProperty("type").GetString() != "reply").ToList();
}
