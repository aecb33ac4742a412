using System.Buffers;
using System.Net.WebSockets;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

// Frames out: events, replies and the close, one at a time under the send lock, and only once the socket is accepted.
// Events are written held (see CoalescingStream) while more are queued, so a socket's queued events leave together;
// a reply, a close, and the last queued event take everything held with them.
internal sealed partial class ChatSocketSession
{
    private async ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        // The connection's token is not passed on: cancelling a WebSocket send aborts the socket, and a connection
        // that ended still deserves its close frame.
        var frame = chatEvent switch
        {
            SessionStarted hello => HelloFrame.Write(hello, _options, _chatOptions.MaxTextChars),
            PresenceUpdated => null,
            MessagePosted posted => MessageFrames.For(posted, _v2Events),
            MessageChanged when !_v2Events => null, // a v1 socket sees exactly v1's events
            _ => chatEvent.GetOrCreateFrame(ProtocolWriter.Event),
        };

        await _accepted.Task.ConfigureAwait(false);
        await _sendLock.WaitAsync(_aborted.Token).ConfigureAwait(false);
        try
        {
            Hold(true);
            if (chatEvent is PresenceUpdated)
            {
                foreach (var presence in chatEvent.GetOrCreateFrame(ProtocolWriter.PresenceFrames))
                {
                    await WriteAsync(presence).ConfigureAwait(false);
                }
            }
            else if (frame is not null && !HeldForJoin(chatEvent, frame))
            {
                await WriteAsync(frame).ConfigureAwait(false);
            }

            if (!_connection.HasQueuedEvents)
            {
                await FlushHeldAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Decided under the send lock: a room's change either goes out before a join's reply or waits for its recovery;
    /// held and deduplicated by rev, which orders every change of the room.
    /// </summary>
    private bool HeldForJoin(ChatEvent chatEvent, byte[] frame) => chatEvent switch
    {
        MessagePosted { Message: { Room: { } room } message } => TryHold(room, message.Rev, true, frame),
        MessageChanged { Change: { Message.Room: { } room } change } => TryHold(room, change.Rev, false, frame),
        _ => false,
    };

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

    /// <summary>Writes a reply (or any frame not of the event queue) at once, with whatever events were held before it.</summary>
    private async Task SendAsync(byte[] frame)
    {
        await _accepted.Task.ConfigureAwait(false);
        await _sendLock.WaitAsync(_aborted.Token).ConfigureAwait(false);
        try
        {
            Hold(false);
            await WriteAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // Under the send lock. No cancellation token: a cancellable send takes the WebSocket's slow path. A send stuck on a
    // reader that stopped reading fails once the request ends (see RequestClose), which closes the connection.
    private ValueTask WriteAsync(byte[] frame) =>
        _socket.State == WebSocketState.Open && Volatile.Read(ref _closeRequested) == 0
            ? _socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None)
            : ValueTask.CompletedTask;

    private void Hold(bool holding)
    {
        if (_output is { } output)
        {
            output.Holding = holding;
        }
    }

    private ValueTask FlushHeldAsync()
    {
        if (_output is not { } output)
        {
            return ValueTask.CompletedTask;
        }

        return output.StopHoldingAndFlushAsync();
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
                // The close frame could not be written (the peer stopped reading): drop the connection instead. Ending
                // the receive loop ends the request, and with it the connection, which fails a send still stuck on it.
                Log.SocketDropped(_logger, _user, ex.Message);
                _socket?.Abort();
                await _aborted.CancelAsync();
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
            Hold(false); // the close frame takes what is held with it
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
