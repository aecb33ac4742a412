using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One <c>/ws</c> socket of one authenticated user: reads requests one at a time, answers each with exactly one
/// reply, and writes the user's events from its <see cref="ChatConnection"/>. Frames are written under one lock, so
/// replies and events never interleave mid-frame. The session connects to the chat before the socket is accepted
/// (so a user with too many connections gets HTTP 429, not a socket); until then, frames wait.
/// </summary>
internal sealed partial class ChatSocketSession : IAsyncDisposable
{
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AbuseWindow = TimeSpan.FromSeconds(10);
    private const int HistoryPageLimit = 100;

    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket _socket = null!; // set once, by Accept, before _accepted completes
    private readonly string _user;
    private readonly IChatRoomService _chat;
    private readonly ChatWebOptions _options;
    private readonly ChatOptions _chatOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();
    private readonly TokenBucketRateLimiter _requestLimiter;
    private readonly Queue<long> _refusals = new(); // timestamps of rate-limited replies, owned by the receive loop
    private readonly SocketRequestHandler _handler;
    private int _closeRequested;

    private readonly HeldRooms _held;

    public ChatSocketSession(
        string user, IChatRoomService chat, ChatWebOptions options, ChatOptions chatOptions, TimeProvider time, ILogger logger)
    {
        _user = user;
        _chat = chat;
        _options = options;
        _chatOptions = chatOptions;
        _held = new HeldRooms(chatOptions.OutboundQueueCapacity);
        _time = time;
        _logger = logger;
        _handler = new SocketRequestHandler(user, chat, new FrameBudget(options.MaxServerFrameBytes, options.MaxFrameBytes), logger);
        _requestLimiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)Math.Ceiling(options.SocketRequestsPerSecond * 2),
            TokensPerPeriod = (int)Math.Ceiling(options.SocketRequestsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Subscribes the user. The connection comes back ended (<see cref="ConnectionEndReason.LimitReached"/>) when the
    /// user has too many; otherwise its events wait for <see cref="RunAsync"/>'s socket.
    /// </summary>
    public Task<ChatConnection> ConnectAsync(CancellationToken cancellationToken) =>
        _chat.ConnectAsync(_user, DeliverAsync, OnConnectionEnded, cancellationToken);

    /// <summary>Serves the accepted socket until either side closes it, the credential expires or the server stops.</summary>
    public async Task RunAsync(
        WebSocket socket,
        ChatConnection connection,
        DateTimeOffset? credentialExpiresAt,
        Func<CancellationToken, Task<bool>> credentialIsValid,
        Func<ChatConnection, IDisposable> trackSession,
        CancellationToken serverStopping)
    {
        _socket = socket;
        _accepted.SetResult();
        using var owned = connection;
        using var session = trackSession(connection);
        using var onStopping = serverStopping.Register(() => RequestClose(SocketCloseCodes.ShuttingDown, "The server is shutting down."));
        using var onExpiry = credentialExpiresAt is { } expiresAt
            ? _time.CreateTimer(
                _ => RequestClose(SocketCloseCodes.CredentialEnded, "The credential expired; get a new token and reconnect."),
                null, Max(expiresAt - _time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan)
            : null;
        using var revalidation = _time.CreateTimer(
            _ => _ = RevalidateAsync(credentialIsValid), null, _options.CredentialRevalidationInterval, _options.CredentialRevalidationInterval);

        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Log.SocketDropped(_logger, _user, ex.Message);
        }
    }

    private async Task RevalidateAsync(Func<CancellationToken, Task<bool>> credentialIsValid)
    {
        try
        {
            if (!await credentialIsValid(_aborted.Token))
            {
                RequestClose(SocketCloseCodes.CredentialEnded, "The credential was revoked; sign in again.");
            }
        }
        catch (Exception ex)
        {
            // A database hiccup is no reason to drop a user; the next check decides.
            Log.RevalidationFailed(_logger, _user, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _accepted.TrySetCanceled();
        await _aborted.CancelAsync();
        _requestLimiter.Dispose();
        _sendLock.Dispose();
        _aborted.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), _aborted.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(SocketCloseCodes.Normal, "Bye.");
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await CloseAsync(SocketCloseCodes.BinaryFrame, "Binary frames are not supported; send UTF-8 JSON text.");
                await DrainUntilClosedAsync();
                return;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _options.MaxFrameBytes)
            {
                await CloseAsync(SocketCloseCodes.FrameTooLarge, $"Frames are limited to {_options.MaxFrameBytes} bytes.");
                await DrainUntilClosedAsync();
                return;
            }

            if (result.EndOfMessage)
            {
                await HandleFrameSafelyAsync(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
                if (Volatile.Read(ref _closeRequested) == 1)
                {
                    await DrainUntilClosedAsync();
                    return;
                }
            }
        }
    }

    /// <summary>Nothing a client sends may end the receive loop: a fault handling one frame is that frame's problem only.</summary>
    private async Task HandleFrameSafelyAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await HandleFrameAsync(frame);
        }
        catch (Exception ex) when (ex is not (WebSocketException or OperationCanceledException or ObjectDisposedException))
        {
            Log.FrameFault(_logger, ex, _user);
            await SendAsync(ProtocolWriter.ErrorEvent(new ChatError(ChatErrorCodes.Internal, "The server could not handle that frame.")));
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException ex)
        {
            await SendAsync(ProtocolWriter.ErrorEvent(new ChatError(ChatErrorCodes.BadJson, $"The frame is not JSON: {ex.Message}")));
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await SendAsync(ProtocolWriter.Failure(null, new ChatError(ChatErrorCodes.BadRequest, "A frame is one JSON object.")));
                return;
            }

            var request = new ProtocolRequest(document.RootElement);
            using var lease = _requestLimiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                await SendAsync(ProtocolWriter.Failure(request.Id, new ChatError(
                    ChatErrorCodes.RateLimited, "Too many requests on this socket; slow down.", retryAfter)));
                CountRefusal();
                return;
            }

            var joining = request.Type == "join" ? JoiningRoom(request) : null;
            if (joining is not null)
            {
                _held.Hold(joining);
            }

            long heldUpTo = 0;
            try
            {
                var reply = await _handler.HandleAsync(request, _aborted.Token);
                if (reply.RateLimited)
                {
                    CountRefusal();
                }

                await SendAsync(reply.Frame);
                heldUpTo = reply.Recovery is not { } recovery || await TrySendRecoveryAsync(recovery)
                    ? reply.CoveredThroughSeq
                    : long.MaxValue; // the socket is closing: what it held goes nowhere
            }
            finally
            {
                if (joining is not null)
                {
                    await ReleaseAsync(joining, heldUpTo);
                }
            }
        }
    }

    /// <summary>Closes with 4029 once refusals within the abuse window pass the threshold.</summary>
    private void CountRefusal()
    {
        var now = _time.GetTimestamp();
        _refusals.Enqueue(now);
        while (_refusals.Count > 0 && _time.GetElapsedTime(_refusals.Peek(), now) > AbuseWindow)
        {
            _refusals.Dequeue();
        }

        if (_refusals.Count > _options.AbuseThreshold)
        {
            Log.Abuse(_logger, _user);
            RequestClose(SocketCloseCodes.RateLimitAbuse, "Sustained rate-limit abuse.");
        }
    }

    private ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        // The connection's token is not passed on: cancelling a WebSocket send aborts the socket, and a connection
        // that ended still deserves its close frame.
        var frame = chatEvent is SessionStarted hello
            ? HelloFrame.Write(hello, _options, _chatOptions.MaxTextChars)
            : chatEvent.GetOrCreateFrame(ProtocolWriter.Event);
        if (frame is null)
        {
            return ValueTask.CompletedTask;
        }

        // Decided under the send lock: a message either goes out before a join's reply or waits for its recovery.
        return chatEvent is MessagePosted { Message: { Room: { } room } message }
            ? new ValueTask(SendAsync(frame, () => TryHold(room, message.Seq, frame)))
            : new ValueTask(SendAsync(frame));
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Debug, "Socket of {User} dropped: {Reason}")]
        public static partial void SocketDropped(ILogger logger, string user, string reason);

        [LoggerMessage(101, LogLevel.Warning, "Socket of {User} read too slowly; closing with 4008")]
        public static partial void SlowReader(ILogger logger, string user);

        [LoggerMessage(103, LogLevel.Debug, "Could not re-check the credential of {User}: {Reason}")]
        public static partial void RevalidationFailed(ILogger logger, string user, string reason);

        [LoggerMessage(104, LogLevel.Error, "Recovery of {Room} for {User} failed; closing with 1011")]
        public static partial void RecoveryFailed(ILogger logger, Exception exception, string user, string room);

        [LoggerMessage(105, LogLevel.Error, "A frame from {User} could not be handled")]
        public static partial void FrameFault(ILogger logger, Exception exception, string user);

        [LoggerMessage(102, LogLevel.Warning, "Socket of {User} kept exceeding the rate limit; closing with 4029")]
        public static partial void Abuse(ILogger logger, string user);
    }
}
