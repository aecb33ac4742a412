using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace BlazorChat.Tests.Support;

/// <summary>A real <see cref="ClientWebSocket"/> speaking the protocol, with waits bounded by a deadline.</summary>
public sealed class TestSocket : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly Stack<JsonElement> _backlog = new(); // frames a RequestAsync read past, next to be received
    private int _nextId;

    private TestSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public string User { get; set; } = "";

    public static async Task<TestSocket> ConnectAsync(Uri uri, string? token, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(uri, timeout.Token);
        return new TestSocket(socket);
    }

    /// <summary>Sends a request with a fresh numeric id and returns that id.</summary>
    public async Task<int> SendAsync(object request)
    {
        var id = Interlocked.Increment(ref _nextId);
        var json = JsonSerializer.SerializeToElement(request);
        var withId = new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement(id) };
        foreach (var property in json.EnumerateObject())
        {
            withId[property.Name] = property.Value;
        }

        await SendRawAsync(JsonSerializer.Serialize(withId));
        return id;
    }

    public async Task SendRawAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>Sends a request and waits for the reply to it; events that arrive first stay queued for later reads.</summary>
    public async Task<JsonElement> RequestAsync(object request)
    {
        var id = await SendAsync(request);
        var skipped = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.TryGetProperty("replyTo", out var replyTo) && replyTo.ValueKind == JsonValueKind.Number && replyTo.GetInt32() == id)
            {
                foreach (var other in Enumerable.Reverse(skipped))
                {
                    _backlog.Push(other);
                }

                return frame;
            }

            skipped.Add(frame);
        }
    }

    /// <summary>The next frame; fails the test if none arrives before the deadline.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        if (_backlog.TryPop(out var queued))
        {
            return queued;
        }

        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketClosedException(Socket.CloseStatus, Socket.CloseStatusDescription);
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>The first frame that matches, skipping others; fails the test past the deadline.</summary>
    public async Task<JsonElement> ReceiveAsync(Func<JsonElement, bool> match)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public Task<JsonElement> ReceiveTypeAsync(string type, Func<JsonElement, bool>? match = null) =>
        ReceiveAsync(f => f.GetProperty("type").GetString() == type && (match is null || match(f)));

    /// <summary>Reads until the server closes the socket and returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        try
        {
            while (true)
            {
                await ReceiveAsync();
            }
        }
        catch (WebSocketClosedException closed)
        {
            return closed.Status;
        }
    }

    /// <summary>
    /// Every frame up to and including the first that matches. Used as a barrier: events reach one socket in the
    /// order they were published, so frames published before the barrier arrive before it or not at all.
    /// </summary>
    public async Task<List<JsonElement>> ReceiveThroughAsync(Func<JsonElement, bool> match)
    {
        var seen = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveAsync();
            seen.Add(frame);
            if (match(frame))
            {
                return seen;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        Socket.Dispose();
    }
}

public sealed class WebSocketClosedException(WebSocketCloseStatus? status, string? description)
    : Exception($"The server closed the socket: {status} {description}")
{
    public WebSocketCloseStatus? Status { get; } = status;
}
