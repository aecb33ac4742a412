using BlazorChat.Domain.Internal;

namespace BlazorChat.Tests.Domain;

public sealed class KeyedLocksTests
{
    [Fact]
    public async Task OneKey_IsHeldByOneAtATime_AndOtherKeysDoNotWait()
    {
        var locks = new KeyedLocks();
        var first = await locks.AcquireAsync("room:a", CancellationToken.None);

        var sameKey = locks.AcquireAsync("room:a", CancellationToken.None).AsTask();
        using (await locks.AcquireAsync("room:b", CancellationToken.None))
        {
            Assert.False(sameKey.IsCompleted);
        }

        first.Dispose();
        (await sameKey.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task ALock_IsForgotten_OnceNobodyHoldsOrWaitsForIt_EvenAfterACancelledWait()
    {
        var locks = new KeyedLocks();
        var held = await locks.AcquireAsync("dm:alice|bob", CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var waiting = locks.AcquireAsync("dm:alice|bob", giveUp.Token).AsTask();
        var whileHeld = locks.Count;

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var afterGivingUp = locks.Count;
        held.Dispose();

        Assert.Equal((1, 1, 0), (whileHeld, afterGivingUp, locks.Count));
    }
}
