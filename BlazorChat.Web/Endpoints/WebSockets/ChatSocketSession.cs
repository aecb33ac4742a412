using System.Net.WebSockets;
using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;
using BlazorChat.Web.Accounts;

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
    private const int HistoryPageLimit = 100;

    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket _socket = null!; // set once, by Accept, before _accepted completes
    private ChatConnection _connection = null!; // likewise
    private CoalescingStream? _output; // likewise; null when the socket's stream is not ours to gather writes on
    private readonly string _user;
    private readonly IChatRoomService _chat;
    private readonly ChatWebOptions _options;
    private readonly ChatOptions _chatOptions;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();
    private readonly SocketRequestLimiter _limiter;
    private readonly SocketRequestHandler _handler;
    private int _closeRequested;

    private readonly HeldRooms _held;
    private readonly bool _v2Events;

    public ChatSocketSession(
        string user, IChatRoomService chat, ChatWebOptions options, ChatOptions chatOptions, TimeProvider time, ILogger logger,
        bool v2Events = false, ChatMetrics? metrics = null)
    {
        _v2Events = v2Events;
        _user = user;
        _chat = chat;
        _options = options;
        _chatOptions = chatOptions;
        _held = new HeldRooms(chatOptions.OutboundQueueCapacity);
        _logger = logger;
        _handler = new SocketRequestHandler(user, chat, new FrameBudget(options.MaxServerFrameBytes, options.MaxFrameBytes), logger);
        _limiter = new SocketRequestLimiter(options, time, metrics);
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
        Func<Action<CredentialEnd>, IDisposable> watchCredential,
        Func<ChatConnection, IDisposable> trackSession,
        CoalescingStream? output,
        CancellationToken serverStopping)
    {
        _socket = socket;
        _connection = connection;
        _output = output;
        _accepted.SetResult();
        using var onAborted = _aborted.Token.Register(static s => ((WebSocket)s!).Abort(), socket);
        using var owned = connection;
        using var session = trackSession(connection);
        using var onStopping = serverStopping.Register(() => RequestClose(SocketCloseCodes.ShuttingDown, "The server is shutting down."));
        using var credential = watchCredential(OnCredentialEnded);

        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Log.SocketDropped(_logger, _user, ex.Message);
        }
    }

    private void OnCredentialEnded(CredentialEnd why) => RequestClose(
        SocketCloseCodes.CredentialEnded,
        why == CredentialEnd.Expired ? "The credential expired; get a new token and reconnect." : "The credential was revoked; sign in again.");

    public async ValueTask DisposeAsync()
    {
        _accepted.TrySetCanceled();
        await _aborted.CancelAsync();
        _sendLock.Dispose();
        _aborted.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        using var frame = new ReceivedFrame();
        var betweenFrames = true;
        while (true)
        {
            // Between frames the socket waits with a zero-byte read, which completes once the next frame's header has
            // arrived: an idle socket holds no receive buffer, and one is rented from the pool only while a frame is read.
            var result = await _socket.ReceiveAsync(betweenFrames ? Memory<byte>.Empty : frame.GetMemory(), _aborted.Token);
            betweenFrames = false;
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

            frame.Advance(result.Count);
            if (frame.Count > _options.MaxFrameBytes)
            {
                await CloseAsync(SocketCloseCodes.FrameTooLarge, $"Frames are limited to {_options.MaxFrameBytes} bytes.");
                await DrainUntilClosedAsync();
                return;
            }

            if (result.EndOfMessage)
            {
                await HandleFrameSafelyAsync(frame.Written);
                frame.Reset();
                betweenFrames = true;
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
            if (!_limiter.TryAcquire(out var retryAfter))
            {
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

            Coverage heldUpTo = default;
            try
            {
                var reply = await _handler.HandleAsync(request, _aborted.Token);
                if (reply.RateLimited)
                {
                    CountRefusal();
                }

                await SendAsync(reply.Frame);
                heldUpTo = reply.Recovery is not { } recovery || await TrySendRecoveryAsync(recovery)
                    ? reply.Coverage
                    : new Coverage(long.MaxValue, long.MaxValue); // the socket is closing: what it held goes nowhere
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
        if (_limiter.CountRefusal())
        {
            Log.Abuse(_logger, _user);
            RequestClose(SocketCloseCodes.RateLimitAbuse, "Sustained rate-limit abuse.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Debug, "Socket of {User} dropped: {Reason}")]
        public static partial void SocketDropped(ILogger logger, string user, string reason);

        [LoggerMessage(101, LogLevel.Warning, "Socket of {User} read too slowly; closing with 4008")]
        public static partial void SlowReader(ILogger logger, string user);

        [LoggerMessage(104, LogLevel.Error, "Recovery of {Room} for {User} failed; closing with 1011")]
        public static partial void RecoveryFailed(ILogger logger, Exception exception, string user, string room);

        [LoggerMessage(105, LogLevel.Error, "A frame from {User} could not be handled")]
        public static partial void FrameFault(ILogger logger, Exception exception, string user);

        [LoggerMessage(102, LogLevel.Warning, "Socket of {User} kept exceeding the rate limit; closing with 4029")]
        public static partial void Abuse(ILogger logger, string user);
    }
}
