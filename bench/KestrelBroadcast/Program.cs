using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

// The reference a chat server is measured against (docs/benchmarks.md): what ASP.NET Core itself can do. A socket
// connects to /ws?room=NAME (default "all"); every text message it sends goes to every socket of that room, itself
// included, through each socket's own bounded channel drained by its own writer. No accounts, no storage, no JSON.
// A socket whose channel fills up is closed with 4008, as BlazorChat closes a reader that cannot keep up.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.UseWebSockets();
var rooms = new ConcurrentDictionary<string, Room>(StringComparer.Ordinal);

app.MapGet("/", () => "ok");
app.Map("/ws", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var room = rooms.GetOrAdd(context.Request.Query["room"].FirstOrDefault() ?? "all", _ => new Room());
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var peer = new Peer(socket);
    room.Add(peer);
    var writer = peer.WriteAsync();
    try
    {
        await peer.ReadAsync(room);
    }
    finally
    {
        room.Remove(peer);
        peer.Outbox.Writer.TryComplete();
        await writer;
    }
});

app.Run();

internal sealed class Room
{
    private readonly Lock _gate = new();
    private Peer[] _peers = [];

    public Peer[] Peers => Volatile.Read(ref _peers);

    public void Add(Peer peer)
    {
        lock (_gate)
        {
            _peers = [.. _peers, peer];
        }
    }

    public void Remove(Peer peer)
    {
        lock (_gate)
        {
            _peers = [.. _peers.Where(p => p != peer)];
        }
    }
}

internal sealed class Peer(WebSocket socket)
{
    public Channel<byte[]> Outbox { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8192)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full
    });

    public async Task ReadAsync(Room room)
    {
        var buffer = new byte[4 * 1024]; // as ASP.NET Core's own WebSocket sample; the benchmark's texts are ~100 bytes
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && count < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    return;
                }

                var frame = buffer.AsSpan(0, count).ToArray();
                foreach (var peer in room.Peers)
                {
                    if (!peer.Outbox.Writer.TryWrite(frame))
                    {
                        peer.Overflow();
                    }
                }
            }
        }
        catch (WebSocketException)
        {
            // The client went away.
        }
    }

    public async Task WriteAsync()
    {
        try
        {
            await foreach (var frame in Outbox.Reader.ReadAllAsync())
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The client went away.
        }
    }

    private void Overflow()
    {
        if (Outbox.Writer.TryComplete())
        {
            _ = socket.CloseOutputAsync((WebSocketCloseStatus)4008, "slow reader", CancellationToken.None);
        }
    }
}
