using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using BlazorChat.Web.Endpoints.WebSockets;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// The stream under a <c>/ws</c> socket that gathers queued frames into one write: nothing held is lost, reordered or
/// split, whatever the sizes, and a write made while not holding takes everything held before it.
/// </summary>
public sealed class CoalescingStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeldFrames_ReachTheConnectionInOneWrite_InOrder_WithTheNextWriteThatIsNotHeld()
    {
        var connection = new RecordingStream();
        var stream = new CoalescingStream(connection) { Holding = true };

        await stream.WriteAsync(Encoding.UTF8.GetBytes("one;"), Ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes("two;"), Ct);
        Assert.Empty(connection.Writes);

        stream.Holding = false;
        await stream.WriteAsync(Encoding.UTF8.GetBytes("three;"), Ct);

        Assert.Equal(["one;two;three;"], connection.Writes);
    }

    [Fact]
    public async Task FlushHeld_WritesWhatIsHeld_AndNothingWhenNothingIs()
    {
        var connection = new RecordingStream();
        var stream = new CoalescingStream(connection);

        await stream.StopHoldingAndFlushAsync(Ct);
        Assert.Empty(connection.Writes);

        stream.Holding = true;
        await stream.WriteAsync(Encoding.UTF8.GetBytes("a;"), Ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes("b;"), Ct);
        await stream.StopHoldingAndFlushAsync(Ct);
        await stream.StopHoldingAndFlushAsync(Ct);

        Assert.Equal(["a;b;"], connection.Writes);
    }

    [Fact]
    public async Task AWebSocketsFlushAfterEachHeldFrame_DoesNotReachTheConnection_UntilItStopsHolding()
    {
        // ManagedWebSocket flushes after every frame: a held frame has nothing to flush, and a flush per frame woke
        // Kestrel's sender for nothing, once per delivery.
        var connection = new RecordingStream(readable: true);
        var stream = new CoalescingStream(connection);
        using var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });

        stream.Holding = true;
        for (var i = 0; i < 10; i++)
        {
            await server.SendAsync(Encoding.UTF8.GetBytes($"held {i}"), WebSocketMessageType.Text, true, Ct);
        }

        Assert.Equal(0, connection.Flushes);
        Assert.Empty(connection.Writes);

        await stream.StopHoldingAndFlushAsync(Ct);
        await server.SendAsync(Encoding.UTF8.GetBytes("not held"), WebSocketMessageType.Text, true, Ct);

        Assert.Equal(2, connection.Writes.Count); // the ten held frames in one write, then the one not held
        Assert.True(connection.Flushes >= 1, "a frame written while not holding is flushed as before");
    }

    [Fact]
    public async Task ManyFramesOfEverySize_ArriveWhole_AndInOrder_AndNoWriteIsLargerThanTheLimitUnlessOneFrameIs()
    {
        var connection = new RecordingStream();
        var stream = new CoalescingStream(connection) { Holding = true };
        var sent = new StringBuilder();
        var random = new Random(11);
        for (var i = 0; i < 400; i++)
        {
            // Mostly small, some past the first buffer's 4 KB, a few past the whole limit.
            var size = i % 97 == 0 ? CoalescingStream.MaxHeldBytes + 10 : i % 7 == 0 ? random.Next(3_000, 9_000) : random.Next(20, 400);
            var frame = $"<{i}:{new string((char)('a' + (i % 26)), size)}>";
            sent.Append(frame);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(frame), Ct);
        }

        await stream.StopHoldingAndFlushAsync(Ct);

        Assert.Equal(sent.ToString(), string.Concat(connection.Writes));
        Assert.All(connection.Writes, write => Assert.True(
            write.Length <= CoalescingStream.MaxHeldBytes || write.Count(c => c == '<') == 1, $"a write of {write.Length} bytes"));
        Assert.True(connection.Writes.Count < 100, $"{connection.Writes.Count} writes for 400 frames");
    }

    [Fact]
    public async Task WritesFromAnotherThread_WhileHeldFramesAreFlushed_NeverSplitOrLoseAFrame()
    {
        // The WebSocket writes pongs on its own while the socket's writer flushes: every frame must arrive whole.
        var connection = new RecordingStream(yieldOnWrite: true);
        var stream = new CoalescingStream(connection);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                stream.Holding = true;
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"[w{i}]"), Ct);
                if (i % 5 == 4)
                {
                    stream.Holding = false;
                    await stream.StopHoldingAndFlushAsync(Ct);
                }
            }

            stream.Holding = false;
            await stream.StopHoldingAndFlushAsync(Ct);
        }, Ct);
        var ponger = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"[p{i}]"), Ct);
            }
        }, Ct);
        await Task.WhenAll(writer, ponger);

        Assert.Equal(0, stream.HeldCount); // nothing is left held once the writer has flushed: no pong waits for a next event

        var frames = string.Concat(connection.Writes).Split(']', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, frame => Assert.Matches(@"^\[[wp]\d+$", frame));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"[w{i}"), frames.Where(f => f.StartsWith("[w", StringComparison.Ordinal)));
        Assert.Equal(500, frames.Count(f => f.StartsWith("[p", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AWebSocketOverIt_SendsEveryHeldMessage_AndTheClientReadsThemAllInOrder()
    {
        var (serverEnd, clientEnd) = DuplexPipe.Create();
        var stream = new CoalescingStream(serverEnd);
        using var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
        using var client = WebSocket.CreateFromStream(clientEnd, new WebSocketCreationOptions { IsServer = false });

        var received = ReadAllAsync(client, 200); // reading while the server writes: the pipe holds only so much

        stream.Holding = true;
        for (var i = 0; i < 200; i++)
        {
            await server.SendAsync(Encoding.UTF8.GetBytes(Message(i)), WebSocketMessageType.Text, true, Ct);
        }

        stream.Holding = false;
        await stream.StopHoldingAndFlushAsync(Ct);

        Assert.Equal(Enumerable.Range(0, 200).Select(Message), await received.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    private static string Message(int i) => $"message {i} {new string('x', i * 37)}";

    private static async Task<List<string>> ReadAllAsync(WebSocket client, int count)
    {
        var messages = new List<string>();
        var buffer = new byte[16 * 1024];
        while (messages.Count < count)
        {
            var result = await client.ReceiveAsync(buffer, Ct);
            Assert.True(result.EndOfMessage);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return messages;
    }

    /// <summary>A connection that records each write as it arrives.</summary>
    private sealed class RecordingStream(bool yieldOnWrite = false, bool readable = false) : Stream
    {
        private readonly Lock _gate = new();
        private int _writing;

        public List<string> Writes { get; } = [];

        public override bool CanRead => readable; // a WebSocket over it must be able to read, though it never does here

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Assert.Equal(0, Interlocked.Exchange(ref _writing, 1)); // never two writes at once
            var text = Encoding.UTF8.GetString(buffer.Span);
            if (yieldOnWrite)
            {
                await Task.Yield();
            }

            lock (_gate)
            {
                Writes.Add(text);
            }

            Volatile.Write(ref _writing, 0);
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public int Flushes { get; private set; }

        public override void Flush() => Flushes++;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Two ends of an in-memory connection: what one writes, the other reads.</summary>
    private static class DuplexPipe
    {
        public static (Stream, Stream) Create()
        {
            var (toClient, toServer) = (new Pipe(), new Pipe());
            return (new End(toServer.Reader.AsStream(), toClient.Writer.AsStream()), new End(toClient.Reader.AsStream(), toServer.Writer.AsStream()));
        }

        private sealed class End(Stream reading, Stream writing) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                reading.ReadAsync(buffer, cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => reading.Read(buffer, offset, count);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
                writing.WriteAsync(buffer, cancellationToken);

            public override void Write(byte[] buffer, int offset, int count) => writing.Write(buffer, offset, count);

            public override void Flush() => writing.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => writing.FlushAsync(cancellationToken);

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
