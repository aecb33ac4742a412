using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Hostile or broken frames get their documented answer: a reply for a request that is JSON, a documented close
/// for one that is not text, and never a dropped socket or a server fault in the log.
/// </summary>
public sealed class SocketHostileInputTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    /// <summary>Every string field of every request type, with a valid value for the others.</summary>
    public static TheoryData<string, string> StringFields => new()
    {
        { """{"type":"send","room":"general","text":"hi"}""", "room" },
        { """{"type":"send","to":"nobody1","text":"hi"}""", "to" },
        { """{"type":"send","room":"general","text":"hi"}""", "text" },
        { """{"type":"send","room":"general","text":"hi","clientMsgId":"c1"}""", "clientMsgId" },
        { """{"type":"join","room":"general"}""", "room" },
        { """{"type":"leave","room":"somewhere"}""", "room" },
        { """{"type":"history","room":"general"}""", "room" },
        { """{"type":"history","with":"nobody1"}""", "with" },
        { """{"type":"typing","room":"general"}""", "room" },
        { """{"type":"typing","to":"nobody1"}""", "to" },
        { """{"type":"read","room":"general","seq":0}""", "room" },
        { """{"type":"read","with":"nobody1","seq":0}""", "with" },
        { """{"type":"ping"}""", "type" },
        { """{"type":"send","room":"general","text":"hi"}""", "type" },
    };

    [Theory]
    [MemberData(nameof(StringFields))]
    public async Task ALoneSurrogateInAnyStringField_IsABadRequest_AndTheSocketStaysOpen(string request, string field)
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "surrogate");

        foreach (var surrogate in new[] { @"\ud800", @"\udc00", @"a\udfffb" })
        {
            var hostile = WithField(request, field, $"\"{surrogate}\"", id: "7");
            await alice.SendRawAsync(hostile);
            var reply = await alice.ReceiveTypeAsync("reply");

            Assert.Equal(7, reply.GetProperty("replyTo").GetInt32());
            SocketMessagingTests.AssertError(reply, "bad_request");
            Assert.Contains(field, reply.GetProperty("error").GetProperty("message").GetString());
        }

        var pong = await alice.RequestAsync(new { type = "ping" });
        Assert.True(pong.GetProperty("ok").GetBoolean());
        Assert.Empty(app.Logs.Faults);
    }

    [Theory]
    [InlineData(@"""\ud800""")]
    [InlineData(@"""\udc00x""")]
    public async Task ALoneSurrogateInTheId_IsABadRequest_ThatEchoesTheIdAsSent(string id)
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "surrogateid");

        await alice.SendRawAsync($$"""{"type":"ping","id":{{id}}}""");
        var reply = await ReceiveRawReplyAsync(alice.Socket);

        // The echo is byte for byte what the client sent, so it can match the reply to its request.
        Assert.Contains($"\"replyTo\":{id}", reply);
        Assert.Contains("\"code\":\"bad_request\"", reply);
        var pong = await alice.RequestAsync(new { type = "ping" });
        Assert.True(pong.GetProperty("ok").GetBoolean());
        Assert.Empty(app.Logs.Faults);
    }

    [Theory]
    [InlineData("""{"type":"ping","\udfff":1}""")]
    [InlineData("""{"\ud800x":"a","type":"send","room":"general","text":"hi","id":7}""")]
    public async Task ALoneSurrogateInAFieldName_IsABadRequest_AndTheSocketStaysOpen(string frame)
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "surrogatename");

        await alice.SendRawAsync(frame);
        var reply = await alice.ReceiveTypeAsync("reply");

        SocketMessagingTests.AssertError(reply, "bad_request");
        Assert.True((await alice.RequestAsync(new { type = "ping" })).GetProperty("ok").GetBoolean());
        Assert.Empty(app.Logs.Faults);
    }

    [Fact]
    public async Task AnIdThatIsNeitherAStringNorANumber_IsABadRequest()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "objectid");

        await alice.SendRawAsync("""{"type":"ping","id":{"a":1}}""");
        var reply = await alice.ReceiveTypeAsync("reply");

        SocketMessagingTests.AssertError(reply, "bad_request");
        Assert.False(reply.TryGetProperty("replyTo", out _));
    }

    [Fact]
    public async Task ALongId_IsEchoedInFull()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "longid");
        var id = new string('i', 5000);

        await alice.SendRawAsync($$"""{"type":"ping","id":"{{id}}"}""");
        var reply = await alice.ReceiveTypeAsync("pong");

        Assert.Equal(id, reply.GetProperty("replyTo").GetString());
    }

    [Fact]
    public async Task InvalidUtf8InATextFrame_AlwaysClosesWith1007_AndAReason()
    {
        using var api = app.Api();
        var token = await api.TokenAsync(await api.NewUserAsync("utf8"));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await using var socket = await TestSocket.ConnectAsync(app.SocketUri, token);
            await socket.ReceiveTypeAsync("hello");
            var invalid = Encoding.UTF8.GetBytes("""{"type":"send","room":"general","text":"ab"}""");
            invalid[^4] = 0xC3; // a lead byte followed by 'b': not UTF-8
            invalid[^3] = 0x28;

            await socket.Socket.SendAsync(invalid, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            // A client that keeps talking must still get the close frame, not a reset.
            await socket.SendRawAsync("""{"type":"ping"}""");

            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await socket.ReceiveCloseAsync());
            Assert.False(string.IsNullOrEmpty(socket.Socket.CloseStatusDescription));
        }

        Assert.Empty(app.Logs.Faults);
    }

    /// <summary>Puts <paramref name="rawValue"/> (JSON) as <paramref name="field"/> of a request, with an id.</summary>
    internal static string WithField(string request, string field, string rawValue, string id)
    {
        var fields = JsonDocument.Parse(request).RootElement.EnumerateObject()
            .Where(p => p.Name != field)
            .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")
            .Append($"\"{field}\":{rawValue}")
            .Append($"\"id\":{id}");
        return "{" + string.Join(",", fields) + "}";
    }

    /// <summary>The next reply frame as the server wrote it, skipping events (presence of other tests' users).</summary>
    private static async Task<string> ReceiveRawReplyAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TestSocket.Deadline);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, timeout.Token);
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                var frame = Encoding.UTF8.GetString(buffer.ToArray());
                if (frame.StartsWith("""{"type":"reply""", StringComparison.Ordinal))
                {
                    return frame;
                }

                buffer.SetLength(0);
            }
        }
    }
}
