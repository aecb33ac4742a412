using BlazorChat.Domain;
using BlazorChat.Domain.Internal;

namespace BlazorChat.Tests.Domain;

public sealed class StoreFaultsTests
{
    [Fact]
    public async Task AStoreFault_IsAnsweredWithInternal_AndTheGivenMessage()
    {
        var result = await StoreFaults.AreInternalAsync<ChatResult>(
            () => throw new IOException("the database went away"), e => e, "Try again.");

        Assert.Equal(ChatErrorCodes.Internal, result.Error?.Code);
        Assert.Equal("Try again.", result.Error?.Message);
    }

    [Fact]
    public async Task ABadArgumentOrACancellation_IsNotAStoreFault()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => StoreFaults.AreInternalAsync<ChatResult>(
            () => throw new ArgumentNullException("target"), e => e, "Try again."));
        await Assert.ThrowsAsync<OperationCanceledException>(() => StoreFaults.AreInternalAsync<ChatResult>(
            () => throw new OperationCanceledException(), e => e, "Try again."));
    }

    [Fact]
    public async Task AnAnswer_PassesThrough()
    {
        var result = await StoreFaults.AreInternalAsync(() => Task.FromResult(ChatResult.Ok), e => e, "Try again.");

        Assert.Same(ChatResult.Ok, result);
    }
}
