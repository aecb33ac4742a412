using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// One <c>/ws</c> connection that reads all the time (so the server never takes it for a slow reader) and lets many
/// requests be outstanding at once: every event goes to the owner's callback and every reply to its request, in the
/// order the frames arrived, on the one reading thread.
/// </summary>
internal sealed class NodeSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Action<JsonElement> _onEvent;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, (TaskCompletionSource<JsonElement> Reply, Action<JsonElement>? InReader)> _pending = new();
    private readonly TaskCompletionSource<JsonElement> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;
    private int _nextId;

    private NodeSocket(ClientWebSocket socket, Uri uri, Action<JsonElement> onEvent) => (_socket, Uri, _onEvent) = (socket, uri, onEvent);

    public Uri Uri { get; }

    public JsonElement Hello { get; private set; }

    /// <summary>A fault of the test's own code on the reading thread (an event handler that threw): it ends reading.</summary>
    public Exception? ReaderFault { get; private set; }

    /// <summary>Completes when reading ends: the server's close status, or null when the connection just died.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    /// <summary>Connects, starts reading and returns once the hello arrived; events after it go to <paramref name="onEvent"/>.</summary>
    public static async Task<NodeSocket> ConnectAsync(
        Uri uri, string? token, Action<JsonElement> onEvent, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        configure?.Invoke(socket.Options);
        using (var timeout = new CancellationTokenSource(TestSocket.Deadline))
        {
            try
            {
                await socket.ConnectAsync(uri, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var node = new NodeSocket(socket, uri, onEvent);
        node._reading = Task.Run(node.ReadAsync);
        node.Hello = await node._hello.Task.WaitAsync(TestSocket.Deadline);
        return node;
    }

    /// <summary>
    /// Sends a request with a fresh id and returns its reply. <paramref name="inReader"/> runs on the reading thread as
    /// the reply arrives, before any later frame is handled. Throws <see cref="SocketLostException"/> when the
    /// connection ends first.
    /// </summary>
    public async Task<JsonElement> RequestAsync(object request, Action<JsonElement>? inReader = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (reply, inReader);
        if (_closed.Task.IsCompleted)
        {
            FailPending();
        }

        var fields = JsonSerializer.SerializeToElement(request).EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        fields["id"] = JsonSerializer.SerializeToElement(id);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields));
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TestSocket.Deadline);
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            _pending.TryRemove(id, out _);
            throw new SocketLostException(Uri, ex);
        }
        finally
        {
            _sending.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(TestSocket.Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No reply from {Uri} within {TestSocket.Deadline.TotalSeconds} s to {JsonSerializer.Serialize(request)}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        _socket.Abort();
        await _reading;
        _socket.Dispose();
        _sending.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketCloseStatus? status = null;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    status = _socket.CloseStatus;
                    break;
                }

                buffer.Write(chunk, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
                buffer.SetLength(0);
                Handle(frame);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The connection died (a killed node, an abort): status stays null.
        }
        catch (Exception ex)
        {
            ReaderFault = ex;
        }
        finally
        {
            _hello.TrySetException(new SocketLostException(Uri, null));
            _closed.TrySetResult(status);
            FailPending();
        }
    }

    private void Handle(JsonElement frame)
    {
        if (frame.TryGetProperty("replyTo", out var replyTo) && replyTo.ValueKind == JsonValueKind.Number
            && _pending.TryRemove(replyTo.GetInt32(), out var pending))
        {
            pending.InReader?.Invoke(frame);
            pending.Reply.TrySetResult(frame);
            return;
        }

        if (!_hello.Task.IsCompleted && frame.GetProperty("type").GetString() == "hello")
        {
            _hello.TrySetResult(frame);
            return;
        }

        _onEvent(frame);
    }

    private void FailPending()
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Reply.TrySetException(new SocketLostException(Uri, null));
            }
        }
    }
}

/// <summary>The connection ended before the reply came.</summary>
internal sealed class SocketLostException(Uri uri, Exception? inner) : Exception($"The connection to {uri} was lost.", inner);
