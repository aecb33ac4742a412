using System.Buffers;
using System.Net.WebSockets;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

// Frames out: events, replies and the close, one at a time under the send lock, and only once the socket is accepted.
internal sealed partial class ChatSocketSession
{
    private ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is PresenceUpdated)
        {
            return new ValueTask(SendAllAsync(chatEvent.GetOrCreateFrame(ProtocolWriter.PresenceFrames)));
        }

        if (chatEvent is MessageChanged && !_v2Events)
        {
            return ValueTask.CompletedTask; // a v1 socket sees exactly v1's events
        }

        // The connection's token is not passed on: cancelling a WebSocket send aborts the socket, and a connection
        // that ended still deserves its close frame.
        var frame = chatEvent is SessionStarted hello
            ? HelloFrame.Write(hello, _options, _chatOptions.MaxTextChars)
            : chatEvent.GetOrCreateFrame(ProtocolWriter.Event);
        if (frame is null)
        {
            return ValueTask.CompletedTask;
        }

        // Decided under the send lock: a room's change either goes out before a join's reply or waits for its
        // recovery; held and deduplicated by rev, which orders every change of the room.
        return chatEvent switch
        {
            MessagePosted { Message: { Room: { } room } message } => new ValueTask(SendAsync(frame, () => TryHold(room, message.Rev, frame))),
            MessageChanged { Change: { Message.Room: { } room } change } => new ValueTask(SendAsync(frame, () => TryHold(room, change.Rev, frame))),
            _ => new ValueTask(SendAsync(frame)),
        };
    }

    private async Task SendAllAsync(byte[][] frames)
    {
        foreach (var frame in frames)
        {
            await SendAsync(frame);
        }
    }

    private void OnConnectionEnded(ConnectionEndReason reason)
    {
        if (reason == ConnectionEndReason.LimitReached)
        {
            return; // never accepted: the endpoint answers 429
        }

        if (reason == ConnectionEndReason.Overflowed)
        {
            Log.SlowReader(_logger, _user);
            RequestClose(SocketCloseCodes.SlowReader, "You read too slowly; reconnect and join with afterSeq to catch up.");
        }
        else if (reason == ConnectionEndReason.Revoked)
        {
            RequestClose(SocketCloseCodes.CredentialEnded, "The session signed out.");
        }
        else
        {
            RequestClose(WebSocketCloseStatus.InternalServerError, "The server could not deliver events.");
        }
    }

    /// <summary>Writes a frame unless <paramref name="heldInstead"/>, asked once the frame's turn has come, keeps it back.</summary>
    private async Task SendAsync(byte[] frame, Func<bool>? heldInstead = null)
    {
        await _accepted.Task;
        await _sendLock.WaitAsync(_aborted.Token);
        try
        {
            if (_socket.State == WebSocketState.Open && Volatile.Read(ref _closeRequested) == 0 && heldInstead?.Invoke() != true)
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _aborted.Token);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes from any thread: the close frame waits its turn behind a frame being written.</summary>
    private void RequestClose(WebSocketCloseStatus status, string reason) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await CloseAsync(status, reason);
                // If the client never answers the close, stop waiting for it.
                _aborted.CancelAfter(CloseHandshakeTimeout);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The close frame could not be written (the peer stopped reading): drop the connection instead.
                Log.SocketDropped(_logger, _user, ex.Message);
                _socket?.Abort();
            }
        });

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
        {
            return;
        }

        await _accepted.Task;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
        timeout.CancelAfter(CloseHandshakeTimeout * 2);
        await _sendLock.WaitAsync(timeout.Token);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>After our close frame, reads (and ignores) until the client's close arrives or time runs out.</summary>
    private async Task DrainUntilClosedAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
        timeout.CancelAfter(CloseHandshakeTimeout);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(scratch, timeout.Token);
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
