namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The connection's stream under a <c>/ws</c> socket, able to gather frames: while <see cref="Holding"/>, what the
/// WebSocket writes is kept in memory, and it reaches the connection with the next write made while not holding, or
/// with <see cref="StopHoldingAndFlushAsync"/>. A socket's events queued together thus leave in one write — one flush of Kestrel's
/// pipe, one <c>send</c> — instead of one each (a burst of 100 messages to a socket was 100 TCP segments).
/// </summary>
/// <remarks>
/// The WebSocket never writes twice at once (its own send lock), but pings and pongs it writes on its own may come
/// while the socket's writer flushes: inner writes are therefore taken one at a time, and the held bytes are guarded by
/// a lock. Frames are never split: each write is one whole frame, held or sent with everything held before it.
/// </remarks>
internal sealed class CoalescingStream(Stream inner) : ConnectionStreamWrapper(inner)
{
    /// <summary>Past this many held bytes, a held write goes out anyway: memory and latency stay bounded.</summary>
    public const int MaxHeldBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private PooledBytes _held; // rented only while something is held: an idle socket keeps no buffer
    private bool _holding; // guarded by _gate, so a write never holds after the flush that should have taken it

    /// <summary>Whether writes are held back now; set by the socket's writer around a batch of frames.</summary>
    public bool Holding
    {
        get
        {
            lock (_gate)
            {
                return _holding;
            }
        }

        set
        {
            lock (_gate)
            {
                _holding = value;
            }
        }
    }

    /// <summary>How many bytes are held now: for tests.</summary>
    internal int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_holding && _held.Count + buffer.Length <= MaxHeldBytes)
            {
                _held.Append(buffer.Span);
                return ValueTask.CompletedTask;
            }
        }

        return WriteThroughAsync(buffer, cancellationToken);
    }

    /// <summary>
    /// The WebSocket flushes after every frame it writes; while holding, that flush has nothing to send (the frame is
    /// held) and would only wake the connection's sender for nothing, once per frame: it is skipped. What is held is
    /// flushed by the write that takes it (Kestrel flushes every write to an upgraded connection).
    /// </summary>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_holding)
            {
                return Task.CompletedTask;
            }
        }

        return Inner.FlushAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Stops holding and writes whatever is held; nothing when nothing is. One step under the lock: a write that comes
    /// meanwhile (a pong the WebSocket writes on its own) is either taken by this flush or written through.
    /// </summary>
    public ValueTask StopHoldingAndFlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _holding = false;
            if (_held.Count == 0)
            {
                return ValueTask.CompletedTask;
            }
        }

        return WriteThroughAsync(ReadOnlyMemory<byte>.Empty, cancellationToken);
    }

    // Kestrel owns the connection and closes it when the request ends (see SocketTransport); Inner is left alone.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writing.Dispose();
            lock (_gate)
            {
                _held.Return();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Writes the held bytes and then <paramref name="frame"/>, in one write when they fit together.</summary>
    private async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PooledBytes held;
            lock (_gate)
            {
                if (_held.Count > 0 && _held.Count + frame.Length <= MaxHeldBytes)
                {
                    _held.Append(frame.Span);
                    frame = ReadOnlyMemory<byte>.Empty;
                }

                (held, _held) = (_held, default); // later held writes start a buffer of their own while this one is written
            }

            try
            {
                if (held.Count > 0)
                {
                    await Inner.WriteAsync(held.Written, cancellationToken).ConfigureAwait(false);
                }

                if (!frame.IsEmpty)
                {
                    await Inner.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                held.Return();
            }
        }
        finally
        {
            _writing.Release();
        }
    }
}
