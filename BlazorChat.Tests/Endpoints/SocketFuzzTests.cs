using System.Globalization;
using System.Text;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Fuzzes the request parser over a real socket: frames mutated from a corpus of valid requests of every type. Each
/// must be answered by exactly one reply (or one <c>error</c> event), the socket must stay open, and nothing may be
/// logged as a server fault. Bounded in count, with a time limit that only stops it early on a very slow machine.
/// The seed is fixed, so a run is repeatable; explore others with <c>BLAZORCHAT_FUZZ_SEED</c> (it is in every failure).
/// </summary>
public sealed class SocketFuzzTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    private const int Frames = 3000;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    private static readonly string[] Corpus =
    [
        """{"type":"send","id":1,"room":"general","text":"hello","clientMsgId":"c-1"}""",
        """{"type":"send","id":"a","to":"fuzzpeer","text":"psst"}""",
        """{"type":"join","id":2,"room":"fuzz-room","afterSeq":0,"pageSize":5}""",
        """{"type":"join","id":3,"room":"fuzz-room"}""",
        """{"type":"leave","id":4,"room":"fuzz-room"}""",
        """{"type":"history","id":5,"room":"general","beforeSeq":10,"limit":5}""",
        """{"type":"history","id":6,"with":"fuzzpeer","afterSeq":0,"limit":5}""",
        """{"type":"typing","id":7,"room":"general"}""",
        """{"type":"typing","id":8,"to":"fuzzpeer"}""",
        """{"type":"read","id":9,"room":"general","seq":1}""",
        """{"type":"read","id":10,"with":"fuzzpeer","seq":0}""",
        """{"type":"ping","id":11}""",
    ];

    private static readonly string[] Fields =
        ["type", "id", "room", "to", "with", "text", "clientMsgId", "afterSeq", "beforeSeq", "pageSize", "limit", "seq"];

    [Fact]
    public async Task MutatedFrames_AreEachAnsweredOnce_AndNeverCloseTheSocketOrFaultTheServer()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BLAZORCHAT_FUZZ_SEED"), out var chosen) ? chosen : 20261201;
        var random = new Random(seed);
        using var api = app.Api();
        using (await api.RegisterAsync("fuzzpeer"))
        {
        }

        await using var fuzzer = await api.ConnectNewUserAsync(app.SocketUri, "fuzzer");
        var started = DateTime.UtcNow;
        var sent = 0;
        for (; sent < Frames && DateTime.UtcNow - started < TimeLimit; sent++)
        {
            var frame = Mutate(random, Corpus[random.Next(Corpus.Length)]);
            var context = $"seed {seed}, frame {sent}: {frame}";
            await fuzzer.SendRawAsync(frame);
            var sentinel = $"sentinel-{sent}";
            await fuzzer.SendRawAsync($$"""{"type":"ping","id":"{{sentinel}}"}""");

            var answers = 0;
            while (true)
            {
                JsonElement received;
                try
                {
                    received = await fuzzer.ReceiveAsync();
                }
                catch (Exception ex) when (ex is WebSocketClosedException or System.Net.WebSockets.WebSocketException)
                {
                    Assert.Fail($"The socket closed ({ex.Message}) after {context}\n{string.Join("\n", app.Logs.Entries.TakeLast(5))}");
                    throw;
                }

                var type = received.GetProperty("type").GetString();
                if (type == "pong" && received.TryGetProperty("replyTo", out var replyTo) && replyTo.ValueKind == JsonValueKind.String
                    && replyTo.GetString() == sentinel)
                {
                    break;
                }

                answers += type is "reply" or "pong" or "error" ? 1 : 0;
            }

            Assert.True(answers == 1, $"{answers} answers to {context}");
        }

        Assert.True(app.Logs.Faults.Count == 0, $"seed {seed}: {string.Join("\n", app.Logs.Faults)}");
    }

    private static string Mutate(Random random, string valid)
    {
        return random.Next(10) switch
        {
            0 => Truncate(random, valid),
            1 => Garble(random, valid),
            2 => Nest(random),
            _ => MutateFields(random, valid),
        };
    }

    /// <summary>Changes, drops or adds one to three fields, keeping the frame a JSON object.</summary>
    private static string MutateFields(Random random, string valid)
    {
        var fields = JsonDocument.Parse(valid).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var name = random.Next(4) == 0 ? RandomString(random, 8) : Fields[random.Next(Fields.Length)];
            if (random.Next(5) == 0)
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = RandomValue(random, depth: 0);
            }
        }

        return "{" + string.Join(",", fields.Select(f => $"{Quote(f.Key)}:{f.Value}")) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 6 : 9) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(-5, 1_000).ToString(CultureInfo.InvariantCulture),
        3 => new[] { "1e308", "-1", "1.5", "9223372036854775808", "-9223372036854775809", "0.0000001", "1E2", "-0" }[random.Next(8)],
        4 or 5 => "\"" + RandomString(random, random.Next(4) == 0 ? 5_000 : 40) + "\"",
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        7 => "{\"k\":" + RandomValue(random, depth + 1) + "}",
        _ => "\"general\"",
    };

    /// <summary>The inside of a JSON string: plain, escaped, control, non-ASCII, emoji and lone-surrogate characters.</summary>
    private static string RandomString(Random random, int maxLength)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(maxLength + 1); i > 0; i--)
        {
            builder.Append(random.Next(12) switch
            {
                0 => @"\ud800",
                1 => @"\udfff",
                2 => @"\u0000",
                3 => @"\n\t\""\\",
                4 => "é中",
                5 => "😀",
                6 => @"\ud83d\ude00",
                7 => "<script>",
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }

        return builder.ToString();
    }

    private static string Truncate(Random random, string valid) => valid[..random.Next(valid.Length)];

    /// <summary>Inserts, deletes or replaces characters anywhere: mostly not JSON any more, always UTF-8.</summary>
    private static string Garble(Random random, string valid)
    {
        var chars = new StringBuilder(valid);
        for (var i = random.Next(1, 6); i > 0 && chars.Length > 0; i--)
        {
            var at = random.Next(chars.Length);
            var noise = "{}[]\":,\\ 0é😀"[random.Next(13)].ToString();
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, noise);
                    break;
                case 1:
                    chars.Remove(at, 1);
                    break;
                default:
                    chars[at] = noise[0];
                    break;
            }
        }

        // A surrogate pair cut in half becomes U+FFFD in UTF-8: the frame is still valid text.
        return chars.ToString();
    }

    private static string Nest(Random random)
    {
        var depth = random.Next(10, 200);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : "{\"type\":\"send\",\"room\":\"general\",\"text\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth + 1);
    }

    private static string Quote(string name) => "\"" + name + "\"";
}
