using BlazorChat.Web.Endpoints.WebSockets;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// The pooled buffer behind a socket's received frame and its held writes: bytes keep their order however often it
/// grows, and once returned nothing of them is left.
/// </summary>
public sealed class PooledBytesTests
{
    [Fact]
    public void Appended_BytesKeepTheirOrder_AcrossGrowthPastSeveralRents()
    {
        var bytes = new PooledBytes();
        var expected = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            var chunk = Enumerable.Range(0, 1000).Select(j => (byte)(i + j)).ToArray();
            bytes.Append(chunk);
            expected.AddRange(chunk);
        }

        Assert.Equal(expected, bytes.Written.ToArray());
        bytes.Return();
    }

    [Fact]
    public void ReadsIntoMemory_AreKept_AndEachReadHasAtLeastTheRoomAskedFor()
    {
        var bytes = new PooledBytes();
        var expected = new List<byte>();
        for (var i = 0; i < 10; i++)
        {
            var room = bytes.GetMemory(PooledBytes.MinimumRent);
            Assert.True(room.Length >= PooledBytes.MinimumRent);
            var read = Enumerable.Range(0, 3000).Select(j => (byte)(i * 7 + j)).ToArray();
            read.CopyTo(room);
            bytes.Advance(read.Length);
            expected.AddRange(read);
        }

        Assert.Equal(30_000, bytes.Count);
        Assert.Equal(expected, bytes.Written.ToArray());
        bytes.Return();
    }

    [Fact]
    public void Returned_HoldsNothing_AndStartsAgainEmpty()
    {
        var bytes = new PooledBytes();
        bytes.Append([1, 2, 3]);

        bytes.Return();

        Assert.Equal(0, bytes.Count);
        Assert.True(bytes.Written.IsEmpty);
        bytes.Append([4]);
        Assert.Equal([4], bytes.Written.ToArray());
        bytes.Return();
    }

    [Fact]
    public void ACopy_TakesTheBytesAlong_WhileTheOwnerStartsAgainFromDefault()
    {
        var owner = new PooledBytes();
        owner.Append([1, 2, 3]);

        (var handedOn, owner) = (owner, default);
        owner.Append([9]);

        Assert.Equal([1, 2, 3], handedOn.Written.ToArray());
        Assert.Equal([9], owner.Written.ToArray());
        handedOn.Return();
        owner.Return();
    }
}
