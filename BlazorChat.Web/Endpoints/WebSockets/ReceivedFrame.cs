namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The bytes of the frame a <c>/ws</c> socket is reading, in a buffer rented from the shared pool when the first byte
/// comes and returned when the frame has been handled (<see cref="Reset"/>): between frames a socket holds none.
/// </summary>
internal sealed class ReceivedFrame : IDisposable
{
    private PooledBytes _bytes;

    public int Count => _bytes.Count;

    public ReadOnlyMemory<byte> Written => _bytes.Written;

    /// <summary>Room for the next read, at least 4 KB, after what was read of the frame so far.</summary>
    public Memory<byte> GetMemory() => _bytes.GetMemory(PooledBytes.MinimumRent);

    public void Advance(int count) => _bytes.Advance(count);

    /// <summary>The frame was handled: its bytes are gone and the buffer goes back to the pool.</summary>
    public void Reset() => _bytes.Return();

    public void Dispose() => Reset();
}
