using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Bytes gathered in a buffer rented from the shared pool when the first byte comes, grown by doubling, and given back by
/// <see cref="Return"/>: empty, it holds no buffer. A struct, so its owner keeps it inline and can hand the buffer on by
/// copying the value (the copy then owns it; the owner starts again from <c>default</c>).
/// </summary>
internal struct PooledBytes
{
    /// <summary>The smallest buffer rented: one socket read's worth.</summary>
    public const int MinimumRent = 4096;

    private byte[]? _buffer;

    public int Count { readonly get; private set; }

    public readonly ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Count);

    /// <summary>Room for at least <paramref name="size"/> more bytes after what is written; record them with <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int size)
    {
        EnsureRoom(size);
        return _buffer.AsMemory(Count);
    }

    public void Advance(int count) => Count += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Count));
        Count += bytes.Length;
    }

    /// <summary>Gives the buffer back; what was written is gone.</summary>
    public void Return()
    {
        if (_buffer is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _buffer = null;
        Count = 0;
    }

    [MemberNotNull(nameof(_buffer))]
    private void EnsureRoom(int size)
    {
        if (_buffer is null || _buffer.Length - Count < size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumRent, Math.Max(Count + size, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, Count).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }
    }
}
