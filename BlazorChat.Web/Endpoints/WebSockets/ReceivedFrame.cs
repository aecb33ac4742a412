using System.Buffers;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The bytes of the frame a <c>/ws</c> socket is reading, in a buffer rented from the shared pool when the first byte
/// comes and returned when the frame has been handled (<see cref="Reset"/>): between frames a socket holds none.
/// </summary>
internal sealed class ReceivedFrame : IDisposable
{
    private const int ReadSize = 4096;

    private byte[]? _buffer;

    public int Count { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Count);

    /// <summary>Room for the next read, at least 4 KB, after what was read of the frame so far.</summary>
    public Memory<byte> GetMemory()
    {
        if (_buffer is null || _buffer.Length - Count < ReadSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Count + ReadSize, (_buffer?.Length ?? 0) * 2));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, Count).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        return _buffer.AsMemory(Count);
    }

    public void Advance(int count) => Count += count;

    /// <summary>The frame was handled: its bytes are gone and the buffer goes back to the pool.</summary>
    public void Reset()
    {
        if (_buffer is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _buffer = null;
        Count = 0;
    }

    public void Dispose() => Reset();
}
