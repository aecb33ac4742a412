using System.Text.Json;

namespace BlazorChat.Tests.Endpoints;

/// <summary>A client's view of a room by rev, as v2 §2 and §6 promise it: every change once, in order, no gap.</summary>
internal static class RevStream
{
    /// <summary>Asserts that <paramref name="events"/> are exactly revs <paramref name="after"/>+1, +2, … and returns them.</summary>
    public static IReadOnlyList<JsonElement> AssertGapFree(IEnumerable<JsonElement> events, long after)
    {
        var list = events.ToList();
        Assert.Equal(
            Enumerable.Range(1, list.Count).Select(i => after + i),
            list.Select(e => e.GetProperty("rev").GetInt64()));
        return list;
    }

    /// <summary>The room's events in a socket's frames: messages and their changes.</summary>
    public static IEnumerable<JsonElement> Of(IEnumerable<JsonElement> frames, string room) =>
        frames.Where(f => f.GetProperty("type").GetString() is "message" or "edit" or "delete" or "reaction"
            && f.TryGetProperty("room", out var r) && r.GetString() == room);

    /// <summary>The current state a client reaches by applying the events in order: text by messageId ("" once deleted).</summary>
    public static Dictionary<string, string> Apply(IEnumerable<JsonElement> events)
    {
        var state = new Dictionary<string, (long Version, string Text)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var id = e.GetProperty("messageId").GetString()!;
            var version = e.GetProperty("version").GetInt64();
            if (state.TryGetValue(id, out var held) && held.Version >= version)
            {
                continue; // v2 §2: a change at or below the version held is ignored
            }

            var text = e.GetProperty("type").GetString() switch
            {
                "message" or "edit" => e.GetProperty("text").GetString()!,
                "delete" => "",
                _ => held.Text,
            };
            state[id] = (version, text);
        }

        return state.ToDictionary(s => s.Key, s => s.Value.Text, StringComparer.Ordinal);
    }
}
