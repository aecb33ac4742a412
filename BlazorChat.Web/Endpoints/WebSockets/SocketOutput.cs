using System.Net.WebSockets;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Every frame a <c>/ws</c> socket sends — its events, its replies and its close — one at a time under one send lock,
/// so frames never interleave, and only once the socket is accepted (until then, they wait).
/// </summary>
/// <remarks>
/// Events are written held (see <see cref="CoalescingStream"/>) while more are queued, so a socket's queued events leave
/// together; a reply, a close, and the last queued event take everything held with them. Owns the socket's abort: once
/// cancelled, the socket is aborted and every wait of the session ends.
/// </remarks>
internal sealed class SocketOutput(string user, ChatWebOptions options, int maxTextChars, bool v2Events, HeldRooms held, ILogger logger)
    : IAsyncDisposable
{
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();
    private WebSocket _socket = null!; // set once, by Accept, before _accepted completes
    private ChatConnection _connection = null!; // likewise
    private CoalescingStream? _stream; // likewise; null when the socket's stream is not ours to gather writes on
    private int _closeRequested;

    /// <summary>Cancelled when the socket is to be dropped: the close handshake timed out, or the session ended.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>Whether a close was asked for (or sent): from then on, no frame but the close goes out.</summary>
    public bool CloseRequested => Volatile.Read(ref _closeRequested) == 1;

    /// <summary>The socket is accepted: the frames waiting for it go out.</summary>
    public void Accept(WebSocket socket, ChatConnection connection, CoalescingStream? stream)
    {
        _socket = socket;
        _connection = connection;
        _stream = stream;
        _accepted.SetResult();
    }

    /// <summary>Writes one event of the connection's queue, and everything held once the queue is empty.</summary>
    public async ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        // The connection's token is not passed on: cancelling a WebSocket send aborts the socket, and a connection
        // that ended still deserves its close frame.
        var frame = chatEvent switch
        {
            SessionStarted hello => HelloFrame.Write(hello, options, maxTextChars),
            PresenceUpdated => null,
            MessagePosted posted => MessageFrames.For(posted, v2Events),
            MessageChanged when !v2Events => null, // a v1 socket sees exactly v1's events
            _ => chatEvent.GetOrCreateFrame(EventFrames.Event),
        };

        await _accepted.Task.ConfigureAwait(false);
        await _sendLock.WaitAsync(_aborted.Token).ConfigureAwait(false);
        try
        {
            Hold(true);
            if (chatEvent is PresenceUpdated)
            {
                foreach (var presence in chatEvent.GetOrCreateFrame(EventFrames.PresenceFrames))
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

    private bool TryHold(string room, long rev, bool isPost, byte[] frame)
    {
        if (!held.TryHold(room, rev, isPost, frame, out var overflowed))
        {
            return false;
        }

        if (overflowed)
        {
            RequestClose(SocketCloseCodes.SlowReader, "You read too slowly; reconnect and join with afterSeq to catch up.");
        }

        return true;
    }

    /// <summary>Writes a reply (or any frame not of the event queue) at once, with whatever events were held before it.</summary>
    public async Task SendAsync(byte[] frame)
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
        if (_stream is { } stream)
        {
            stream.Holding = holding;
        }
    }

    private ValueTask FlushHeldAsync()
    {
        if (_stream is not { } stream)
        {
            return ValueTask.CompletedTask;
        }

        return stream.StopHoldingAndFlushAsync();
    }

    /// <summary>Closes from any thread: the close frame waits its turn behind a frame being written.</summary>
    public void RequestClose(WebSocketCloseStatus status, string reason) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await CloseAsync(status, reason);
                // If the client never answers the close, stop waiting for it.
                _aborted.CancelAfter(ChatSocketSession.CloseHandshakeTimeout);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The close frame could not be written (the peer stopped reading): drop the connection instead. Ending
                // the receive loop ends the request, and with it the connection, which fails a send still stuck on it.
                SocketLog.SocketDropped(logger, user, ex.Message);
                _socket?.Abort();
                await _aborted.CancelAsync();
            }
        });

    /// <summary>Sends the close frame, once: a second close (of any code) does nothing.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
        {
            return;
        }

        await _accepted.Task;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
        timeout.CancelAfter(ChatSocketSession.CloseHandshakeTimeout * 2);
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

    /// <summary>Ends every wait: frames that never had a socket, and any still waiting for the send lock.</summary>
    public async ValueTask DisposeAsync()
    {
        _accepted.TrySetCanceled();
        await _aborted.CancelAsync();
        _sendLock.Dispose();
        _aborted.Dispose();
    }
}
