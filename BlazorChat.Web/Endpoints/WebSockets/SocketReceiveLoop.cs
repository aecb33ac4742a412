using System.Buffers;
using System.Net.WebSockets;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Reads a <c>/ws</c> socket's frames one at a time and hands each whole text frame to <see cref="SocketFrameHandler"/>;
/// closes for a binary or oversized frame, answers the client's close, and after a close of ours reads until the
/// client's close arrives or time runs out.
/// </summary>
internal sealed class SocketReceiveLoop(ChatWebOptions options, SocketFrameHandler frames, SocketOutput output)
{
    /// <summary>Runs until the socket closes; a dropped socket throws (<see cref="WebSocketException"/> or a cancellation).</summary>
    public async Task RunAsync(WebSocket socket)
    {
        using var frame = new ReceivedFrame();
        var betweenFrames = true;
        while (true)
        {
            // Between frames the socket waits with a zero-byte read, which completes once the next frame's header has
            // arrived: an idle socket holds no receive buffer, and one is rented from the pool only while a frame is read.
            var result = await socket.ReceiveAsync(betweenFrames ? Memory<byte>.Empty : frame.GetMemory(), output.Aborted);
            betweenFrames = false;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await output.CloseAsync(SocketCloseCodes.Normal, "Bye.");
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await output.CloseAsync(SocketCloseCodes.BinaryFrame, "Binary frames are not supported; send UTF-8 JSON text.");
                await DrainUntilClosedAsync(socket);
                return;
            }

            frame.Advance(result.Count);
            if (frame.Count > options.MaxFrameBytes)
            {
                await output.CloseAsync(SocketCloseCodes.FrameTooLarge, $"Frames are limited to {options.MaxFrameBytes} bytes.");
                await DrainUntilClosedAsync(socket);
                return;
            }

            if (result.EndOfMessage)
            {
                await frames.HandleSafelyAsync(frame.Written);
                frame.Reset();
                betweenFrames = true;
                if (output.CloseRequested)
                {
                    await DrainUntilClosedAsync(socket);
                    return;
                }
            }
        }
    }

    /// <summary>After our close frame, reads (and ignores) until the client's close arrives or time runs out.</summary>
    private async Task DrainUntilClosedAsync(WebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(output.Aborted);
        timeout.CancelAfter(ChatSocketSession.CloseHandshakeTimeout);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(scratch, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
