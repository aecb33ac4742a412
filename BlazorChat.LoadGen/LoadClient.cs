using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace BlazorChat.LoadGen;

/// <summary>
/// One user's socket: sends its messages with at most <c>window</c> unacknowledged (and, if paced, each at its time),
/// and records every reply (with its latency) and every <c>message</c> event (with its end-to-end latency, from the
/// send time the sender wrote into the text, split by whether the sender is on this client's node). Its receive loop
/// is the only writer of what it records; the tasks <see cref="AllAcknowledged"/> and <see cref="AllDelivered"/>
/// complete once everything expected has arrived.
/// </summary>
internal sealed class LoadClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _window;
    private readonly long[] _sentAt;
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _broken = new(); // cancelled when the socket fails, so sending stops too
    private Task _receiveLoop = Task.CompletedTask;
    private int _acks;
    private int _expectedDeliveries = int.MaxValue;
    private int _deliveries;
    private readonly IReadOnlyDictionary<string, int> _nodeOfUser;

    private LoadClient(ClientWebSocket socket, string user, int node, IReadOnlyDictionary<string, int> nodeOfUser, int messages, int window)
    {
        _socket = socket;
        User = user;
        Node = node;
        _nodeOfUser = nodeOfUser;
        _window = new SemaphoreSlim(window, window);
        _sentAt = new long[messages];
        Acks = new Ack[messages];
    }

    public string User { get; }

    /// <summary>The server node this socket is connected to.</summary>
    public int Node { get; }

    /// <summary>The reply to each send, by message index.</summary>
    public Ack[] Acks { get; }

    /// <summary>The seqs of the <c>message</c> events received, by conversation, in arrival order.</summary>
    public Dictionary<string, List<long>> Received { get; } = new(StringComparer.Ordinal);

    /// <summary>Frames that were not what a well-behaved server sends (an unexpected reply, a close).</summary>
    public List<string> Surprises { get; } = [];

    /// <summary>End-to-end latencies (Stopwatch ticks, send to receipt) of the messages whose sender is on this node.</summary>
    public List<long> SameNodeLatencies { get; } = [];

    /// <summary>End-to-end latencies (Stopwatch ticks) of the messages whose sender is on another node.</summary>
    public List<long> CrossNodeLatencies { get; } = [];

    /// <summary>When the last <c>message</c> event arrived (Stopwatch ticks), or 0.</summary>
    public long LastDeliveredAt { get; private set; }

    public Task AllAcknowledged => _acknowledged.Task;

    public Task AllDelivered => _delivered.Task;

    /// <summary>Connects with a bearer token and reads the <c>hello</c> frame before anything is sent.</summary>
    /// <param name="node">The index of the node <paramref name="socketUri"/> belongs to.</param>
    /// <param name="nodeOfUser">Every sender's node, to tell same-node from cross-node deliveries.</param>
    public static async Task<LoadClient> ConnectAsync(
        Uri socketUri, int node, IReadOnlyDictionary<string, int> nodeOfUser, string user, string token, int messages, int window,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(socketUri, cancellationToken);
        var client = new LoadClient(socket, user, node, nodeOfUser, messages, window);
        var hello = await client.ReceiveFrameAsync(new ArrayBufferWriter<byte>(4096), cancellationToken);
        if (hello?.Type != "hello")
        {
            throw new InvalidOperationException($"{user}: the first frame was '{hello?.Type}', not hello.");
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>How many <c>message</c> events this socket should get in all; set before anything is sent.</summary>
    public void ExpectDeliveries(int count)
    {
        Volatile.Write(ref _expectedDeliveries, count);
        if (count == 0)
        {
            _delivered.TrySetResult();
        }
    }

    /// <summary>
    /// Sends every message to <paramref name="target"/>, waiting whenever the window is full and, if
    /// <paramref name="pace"/> is given, until each message's time. The text ends with the send time; each
    /// <c>clientMsgId</c> is the user, <paramref name="tag"/> and the message's index.
    /// </summary>
    public async Task SendAllAsync(SendTarget target, Pace? pace, string tag, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _broken.Token);
        try
        {
            for (var index = 0; index < _sentAt.Length; index++)
            {
                if (pace?.WaitBefore(index) is { } wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop.Token);
                }

                await _window.WaitAsync(stop.Token);
                var sentAt = Stopwatch.GetTimestamp();
                var request = new SendRequest(
                    index, target.RoomName, target.UserName, SendStamp.Append($"load test message {index} from {User}", sentAt), $"{User}-{tag}-{index}");
                var frame = JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJson.Default.SendRequest);
                Volatile.Write(ref _sentAt[index], sentAt);
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
            }
        }
        catch (OperationCanceledException) when (_broken.IsCancellationRequested)
        {
            await AllAcknowledged; // throws why the socket failed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The server is going away with us; nothing to clean up.
        }

        _socket.Abort();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _window.Dispose();
        _stop.Dispose();
        _broken.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (await ReceiveFrameAsync(buffer, _stop.Token) is { } frame)
            {
                if (frame.Type == "reply")
                {
                    OnReply(frame);
                }
                else if (frame.Type == "message")
                {
                    OnMessage(frame);
                }
                else if (frame.Type == "error")
                {
                    Surprises.Add($"{User}: an error event ({frame.Error?.Code}: {frame.Error?.Message}).");
                }
            }

            Fail(new InvalidOperationException($"{User}: the server closed the socket ({_socket.CloseStatus} {_socket.CloseStatusDescription})."));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void OnReply(ServerFrame frame)
    {
        if (frame.ReplyTo is not { } index || index < 0 || index >= Acks.Length || Acks[index].AckedAt != 0)
        {
            Surprises.Add($"{User}: an unexpected reply (replyTo {frame.ReplyTo}).");
            return;
        }

        var sentAt = Volatile.Read(ref _sentAt[index]);
        Acks[index] = new Ack(frame.Ok == true, frame.Seq ?? 0, frame.Error?.Code, sentAt, Stopwatch.GetTimestamp());
        _window.Release();
        if (++_acks == Acks.Length)
        {
            _acknowledged.TrySetResult();
        }
    }

    private void OnMessage(ServerFrame frame)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        LastDeliveredAt = receivedAt;
        if (SendStamp.Read(frame.Text) is { } sentAt)
        {
            var sameNode = frame.From is { } from && _nodeOfUser.TryGetValue(from, out var node) && node == Node;
            (sameNode ? SameNodeLatencies : CrossNodeLatencies).Add(receivedAt - sentAt);
        }

        var conversation = SendTarget.ConversationKey(frame.Room, frame.From ?? "", frame.To);
        if (!Received.TryGetValue(conversation, out var seqs))
        {
            Received[conversation] = seqs = [];
        }

        seqs.Add(frame.Seq ?? 0);
        if (++_deliveries == Volatile.Read(ref _expectedDeliveries))
        {
            _delivered.TrySetResult();
        }
    }

    private void Fail(Exception ex)
    {
        _acknowledged.TrySetException(ex);
        _delivered.TrySetException(ex);
        _broken.Cancel();
    }

    /// <summary>The next frame, or null once the server closed the socket.</summary>
    private async Task<ServerFrame?> ReceiveFrameAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return JsonSerializer.Deserialize(buffer.WrittenSpan, ProtocolJson.Default.ServerFrame);
            }
        }
    }
}

/// <summary>The reply to one send: whether it was accepted, its seq, and when it was sent and answered (Stopwatch ticks).</summary>
internal readonly record struct Ack(bool Ok, long Seq, string? ErrorCode, long SentAt, long AckedAt);
