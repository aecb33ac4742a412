using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// One client's socket. Its receive loop reads every frame with <see cref="FanoutFrame"/> (spans, no JSON parser) and
/// records each delivery in the current phase's <see cref="ReceiverLedger"/>; it is the only writer of what it records.
/// A sender keeps at most a window of unacknowledged sends: acknowledged is BlazorChat's <c>ok</c> reply (the message
/// is committed) or, on a reference, which has no replies, the sender's own copy of the broadcast.
/// </summary>
internal sealed class FanoutClient : IAsyncDisposable
{
    private const int JoinId = -1;

    private readonly ClientWebSocket _socket;
    private readonly bool _blazorChat;
    private readonly string _target; // the JSON fields naming where its messages go
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _surprises = [];
    private TaskCompletionSource<bool> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private ReceiverLedger? _ledger;
    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _replied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _window;
    private int _expectedReplies;
    private int _replies;
    private long _lastOtherFrameAt;
    private Exception? _failure;

    private FanoutClient(ClientWebSocket socket, int id, bool blazorChat, string target) =>
        (_socket, Id, _blazorChat, _target) = (socket, id, blazorChat, target);

    public int Id { get; }

    /// <summary>When this socket last got a frame that is neither a delivery nor a reply (e.g. presence), in Stopwatch ticks.</summary>
    public long LastOtherFrameAt => Volatile.Read(ref _lastOtherFrameAt);

    /// <summary>Refused sends, unexpected closes and the like; read once the socket is closed.</summary>
    public IReadOnlyList<string> Surprises => _surprises;

    /// <summary>
    /// Connects client <paramref name="id"/> of <paramref name="layout"/>: on BlazorChat with a bearer token, reading
    /// <c>hello</c> and joining its room (other than <c>general</c>); on a reference, to its group's room.
    /// </summary>
    public static async Task<FanoutClient> ConnectAsync(
        IFanoutServer server, FanoutLayout layout, int id, string? token, CancellationToken cancellationToken)
    {
        var group = layout.GroupOf(id);
        var (room, to) = layout.TargetOf(id);
        var target = room is not null ? $"\"room\":\"{room}\"" : $"\"to\":\"{to}\"";
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // no pings of our own to count in the server's segments
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        var client = new FanoutClient(socket, id, server.IsBlazorChat, target);
        try
        {
            await socket.ConnectAsync(server.SocketUri(group), cancellationToken);
            client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            if (server.IsBlazorChat)
            {
                await client._hello.Task.WaitAsync(cancellationToken);
                if (room is not null && room != "general")
                {
                    await client.JoinAsync(room, cancellationToken);
                }
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a phase: deliveries now go to <paramref name="ledger"/>; this client will send <paramref name="sends"/>
    /// messages, at most <paramref name="window"/> unacknowledged (0: no window, e.g. paced). Returns a task that
    /// completes when the ledger is complete and (on BlazorChat) every send has been answered.
    /// </summary>
    public Task BeginPhase(ReceiverLedger ledger, int sends, int window)
    {
        _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _replied = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _window?.Dispose();
        _window = window > 0 ? new SemaphoreSlim(window, window) : null;
        _replies = 0;
        _expectedReplies = _blazorChat ? sends : 0;
        if (_expectedReplies == 0)
        {
            _replied.TrySetResult();
        }

        if (ledger.Complete)
        {
            _received.TrySetResult();
        }

        if (Volatile.Read(ref _failure) is { } failure)
        {
            _received.TrySetException(failure); // the socket broke before this phase
        }

        Volatile.Write(ref _ledger, ledger); // publishes the fields above to the receive loop
        return Task.WhenAll(_received.Task, _replied.Task);
    }

    /// <summary>Sends messages 0..<paramref name="count"/>-1 of <paramref name="phase"/>, each when the window (and the pace) allows.</summary>
    public async Task SendAsync(int phase, int count, Pace? pace, CancellationToken cancellationToken)
    {
        for (var index = 0; index < count; index++)
        {
            if (pace?.WaitBefore(index) is { } wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (_window is { } window)
            {
                await window.WaitAsync(cancellationToken);
            }

            var text = new DeliveryText(phase, Id, index, Stopwatch.GetTimestamp());
            var frame = Encoding.UTF8.GetBytes(
                $"{{\"type\":\"send\",\"id\":{index},{_target},\"text\":\"{text}\",\"clientMsgId\":\"fo-{phase}-{Id}-{index}\"}}");
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The server is going away with us.
        }

        _socket.Abort();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _window?.Dispose();
        _stop.Dispose();
    }

    private async Task JoinAsync(string room, CancellationToken cancellationToken)
    {
        _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var frame = Encoding.UTF8.GetBytes($"{{\"type\":\"join\",\"id\":{JoinId},\"room\":\"{room}\"}}");
        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        if (!await _joined.Task.WaitAsync(cancellationToken))
        {
            throw new InvalidOperationException($"{FanoutLayout.UserName(Id)} could not join {room}.");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var first = true;
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2); // a hello with many people online
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return; // the answer to our own close
                    }

                    Fail($"the server closed the socket ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    return;
                }

                var frame = buffer.AsSpan(0, count);
                if (first && _blazorChat && frame.IndexOf("\"type\":\"hello\""u8) < 0)
                {
                    Fail("the first frame was not hello");
                    return;
                }

                first = false;
                OnFrame(frame);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Closed by us: cancelled, aborted or already disposed, whichever the receive met first.
        }
        catch (Exception ex)
        {
            Fail(ex.Message);
        }
    }

    private void OnFrame(ReadOnlySpan<byte> bytes)
    {
        var frame = FanoutFrame.Read(bytes);
        switch (frame.Kind)
        {
            case FrameKind.Delivery:
                var ledger = Volatile.Read(ref _ledger);
                if (ledger is null)
                {
                    Surprise($"a message before any phase ({frame.Text})");
                    return;
                }

                if (ledger.Record(frame.Text, frame.Seq, Stopwatch.GetTimestamp()))
                {
                    _received.TrySetResult();
                }

                if (!_blazorChat && frame.Text.Sender == Id && frame.Text.Phase == ledger.Phase)
                {
                    _window?.Release(); // a reference's only acknowledgement: our own copy
                }

                return;
            case FrameKind.Reply when frame.ReplyTo == JoinId:
                _joined.TrySetResult(frame.Ok);
                return;
            case FrameKind.Reply:
                if (!frame.Ok)
                {
                    Surprise($"send {frame.ReplyTo} was refused: {Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 300)])}");
                }

                _window?.Release();
                if (++_replies == _expectedReplies)
                {
                    _replied.TrySetResult();
                }

                return;
            default:
                if (bytes.IndexOf("\"type\":\"hello\""u8) >= 0)
                {
                    _hello.TrySetResult();
                }

                Volatile.Write(ref _lastOtherFrameAt, Stopwatch.GetTimestamp());
                return;
        }
    }

    private void Surprise(string what)
    {
        lock (_surprises)
        {
            _surprises.Add($"{FanoutLayout.UserName(Id)}: {what}.");
        }
    }

    private void Fail(string why)
    {
        Surprise(why);
        var failure = new InvalidOperationException($"{FanoutLayout.UserName(Id)}: {why}.");
        Volatile.Write(ref _failure, failure);
        _hello.TrySetException(failure);
        _joined.TrySetException(failure);
        _received.TrySetException(failure);
        _replied.TrySetException(failure);
    }
}
