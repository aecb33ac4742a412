using System.Net.WebSockets;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Metrics;
using BlazorChat.Web.Accounts;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One <c>/ws</c> socket of one authenticated user: reads requests one at a time (<see cref="SocketReceiveLoop"/>),
/// answers each with exactly one reply (<see cref="SocketFrameHandler"/>), and writes the user's events from its
/// <see cref="ChatConnection"/> (<see cref="SocketOutput"/>, whose one send lock keeps replies and events from
/// interleaving mid-frame). The session connects to the chat before the socket is accepted (so a user with too many
/// connections gets HTTP 429, not a socket); until then, frames wait. It closes the socket when the connection ends,
/// the credential ends or the server stops.
/// </summary>
internal sealed class ChatSocketSession : IAsyncDisposable
{
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly string _user;
    private readonly IChatRoomService _chat;
    private readonly ILogger _logger;
    private readonly SocketOutput _output;
    private readonly SocketReceiveLoop _receiveLoop;

    public ChatSocketSession(
        string user, IChatRoomService chat, ChatWebOptions options, ChatOptions chatOptions, TimeProvider time, ILogger logger,
        bool v2Events = false, ChatMetrics? metrics = null)
    {
        _user = user;
        _chat = chat;
        _logger = logger;
        var held = new HeldRooms(chatOptions.OutboundQueueCapacity);
        _output = new SocketOutput(user, options, chatOptions.MaxTextChars, v2Events, held, logger);
        var frames = new SocketFrameHandler(
            user,
            new SocketRequestLimiter(options, time, metrics),
            new SocketRequestHandler(user, chat, new FrameBudget(options.MaxServerFrameBytes, options.MaxFrameBytes), logger),
            new SocketJoinRecovery(user, chat, v2Events, held, _output, logger),
            _output,
            logger);
        _receiveLoop = new SocketReceiveLoop(options, frames, _output);
    }

    /// <summary>
    /// Subscribes the user. The connection comes back ended (<see cref="ConnectionEndReason.LimitReached"/>) when the
    /// user has too many; otherwise its events wait for <see cref="RunAsync"/>'s socket.
    /// </summary>
    public Task<ChatConnection> ConnectAsync(CancellationToken cancellationToken) =>
        _chat.ConnectAsync(_user, _output.DeliverAsync, OnConnectionEnded, cancellationToken);

    /// <summary>Serves the accepted socket until either side closes it, the credential expires or the server stops.</summary>
    public async Task RunAsync(
        WebSocket socket,
        ChatConnection connection,
        Func<Action<CredentialEnd>, IDisposable> watchCredential,
        Func<ChatConnection, IDisposable> trackSession,
        CoalescingStream? output,
        CancellationToken serverStopping)
    {
        _output.Accept(socket, connection, output);
        using var onAborted = _output.Aborted.Register(static s => ((WebSocket)s!).Abort(), socket);
        using var owned = connection;
        using var session = trackSession(connection);
        using var onStopping = serverStopping.Register(() => _output.RequestClose(SocketCloseCodes.ShuttingDown, "The server is shutting down."));
        using var credential = watchCredential(OnCredentialEnded);

        try
        {
            await _receiveLoop.RunAsync(socket);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            SocketLog.SocketDropped(_logger, _user, ex.Message);
        }
    }

    private void OnCredentialEnded(CredentialEnd why) => _output.RequestClose(
        SocketCloseCodes.CredentialEnded,
        why == CredentialEnd.Expired ? "The credential expired; get a new token and reconnect." : "The credential was revoked; sign in again.");

    private void OnConnectionEnded(ConnectionEndReason reason)
    {
        if (reason == ConnectionEndReason.LimitReached)
        {
            return; // never accepted: the endpoint answers 429
        }

        if (reason == ConnectionEndReason.Overflowed)
        {
            SocketLog.SlowReader(_logger, _user);
            _output.RequestClose(SocketCloseCodes.SlowReader, "You read too slowly; reconnect and join with afterSeq to catch up.");
        }
        else if (reason == ConnectionEndReason.Revoked)
        {
            _output.RequestClose(SocketCloseCodes.CredentialEnded, "The session signed out.");
        }
        else
        {
            _output.RequestClose(WebSocketCloseStatus.InternalServerError, "The server could not deliver events.");
        }
    }

    public ValueTask DisposeAsync() => _output.DisposeAsync();
}
