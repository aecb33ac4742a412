using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>The replies a request can get: success (with a body, a recovery to follow, what it covers) or failure.</summary>
internal static class SocketReplies
{
    public static SocketReply Reply(ProtocolRequest request, ChatResult result) =>
        result.IsSuccess ? Ok(request) : Fail(request, result.Error!);

    public static SocketReply Ok(
        ProtocolRequest request, Action<System.Text.Json.Utf8JsonWriter>? body = null, Recovery? recovery = null, Coverage coverage = default) =>
        new(ReplyFrames.Reply(request.Id, body), Recovery: recovery, Coverage: coverage);

    public static SocketReply Fail(ProtocolRequest request, ChatError error) =>
        new(ReplyFrames.Failure(request.Id, error), RateLimited: error.Code == ChatErrorCodes.RateLimited);
}
