using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BlazorChat.Web.Endpoints.WebSockets;

namespace BlazorChat.Benchmarks;

/// <summary>
/// What the receive loop does with every frame before the chat service sees it (SocketFrameHandler.HandleAsync):
/// parse the UTF-8 bytes, wrap the root in a <see cref="ProtocolRequest"/>, and read the fields its type's handler reads
/// (ConversationRequests.SendAsync / RoomMembershipRequests.JoinAsync), through the request's own accessors.
/// </summary>
[MemoryDiagnoser]
public class RequestParsingBenchmarks
{
    private readonly byte[] _send = Encoding.UTF8.GetBytes(
        $$"""{"id":17,"type":"send","room":"general","text":"{{SampleTraffic.Text}}","clientMsgId":"c-7f3a9e21"}""");

    private readonly byte[] _join = Encoding.UTF8.GetBytes("""{"id":"j-3","type":"join","room":"design","afterSeq":1200}""");

    [Benchmark(Description = "send frame -> request (room, text, clientMsgId)")]
    public int SendFrame()
    {
        using var document = JsonDocument.Parse(_send);
        var request = new ProtocolRequest(document.RootElement);
        var target = request.Target("to");
        var text = request.RequiredString("text");
        var clientMsgId = request.OptionalString("clientMsgId");
        var replyTo = request.OptionalString("replyTo");
        return request.Type!.Length + target.Room!.Length + text.Length + clientMsgId!.Length + (replyTo?.Length ?? 0);
    }

    [Benchmark(Description = "join frame with afterSeq -> request")]
    public long JoinFrameWithAfterSeq()
    {
        using var document = JsonDocument.Parse(_join);
        var request = new ProtocolRequest(document.RootElement);
        var room = request.RequiredString("room");
        var afterSeq = request.OptionalInteger("afterSeq", 0, long.MaxValue);
        var pageSize = request.OptionalInteger("pageSize", 1, 1000);
        var afterRev = request.OptionalInteger("afterRev", 0, long.MaxValue);
        return request.Type!.Length + room.Length + afterSeq!.Value + (pageSize ?? 0) + (afterRev ?? 0);
    }
}
