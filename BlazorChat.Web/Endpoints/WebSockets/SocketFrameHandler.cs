using System.Net.WebSockets;
using System.Text.Json;
using BlazorChat.Domain;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Answers one whole text frame of a <c>/ws</c> socket with exactly one reply: parses it, applies the socket's rate
/// limit (closing with 4029 on sustained abuse), lets <see cref="SocketRequestHandler"/> answer it, and for a join
/// sends the rest of its recovery before the room's held live frames.
/// </summary>
internal sealed class SocketFrameHandler(
    string user, SocketRequestLimiter limiter, SocketRequestHandler handler, SocketJoinRecovery joins, SocketOutput output, ILogger logger)
{
    /// <summary>Nothing a client sends may end the receive loop: a fault handling one frame is that frame's problem only.</summary>
    public async Task HandleSafelyAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await HandleAsync(frame);
        }
        catch (Exception ex) when (ex is not (WebSocketException or OperationCanceledException or ObjectDisposedException))
        {
            SocketLog.FrameFault(logger, ex, user);
            await output.SendAsync(ReplyFrames.ErrorEvent(new ChatError(ChatErrorCodes.Internal, "The server could not handle that frame.")));
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException ex)
        {
            await output.SendAsync(ReplyFrames.ErrorEvent(new ChatError(ChatErrorCodes.BadJson, $"The frame is not JSON: {ex.Message}")));
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await output.SendAsync(ReplyFrames.Failure(null, new ChatError(ChatErrorCodes.BadRequest, "A frame is one JSON object.")));
                return;
            }

            var request = new ProtocolRequest(document.RootElement);
            if (!limiter.TryAcquire(out var retryAfter))
            {
                await output.SendAsync(ReplyFrames.Failure(request.Id, new ChatError(
                    ChatErrorCodes.RateLimited, "Too many requests on this socket; slow down.", retryAfter)));
                CountRefusal();
                return;
            }

            var joining = joins.HoldWhileJoining(request);
            Coverage heldUpTo = default;
            try
            {
                var reply = await handler.HandleAsync(request, output.Aborted);
                if (reply.RateLimited)
                {
                    CountRefusal();
                }

                await output.SendAsync(reply.Frame);
                heldUpTo = reply.Recovery is not { } recovery || await joins.TrySendRecoveryAsync(recovery)
                    ? reply.Coverage
                    : new Coverage(long.MaxValue, long.MaxValue); // the socket is closing: what it held goes nowhere
            }
            finally
            {
                if (joining is not null)
                {
                    await joins.ReleaseAsync(joining, heldUpTo);
                }
            }
        }
    }

    /// <summary>Closes with 4029 once refusals within the abuse window pass the threshold.</summary>
    private void CountRefusal()
    {
        if (limiter.CountRefusal())
        {
            SocketLog.Abuse(logger, user);
            output.RequestClose(SocketCloseCodes.RateLimitAbuse, "Sustained rate-limit abuse.");
        }
    }
}
