using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

public sealed class ComposerSendQueueTests
{
    [Fact]
    public async Task ARetryOfTheSameText_ReusesItsClientMsgId_AndAnAcceptedOne_IsForgotten()
    {
        var queue = new ComposerSendQueue();
        var ids = new List<string>();

        Assert.False(await queue.RunAsync(1, "hello", id => { ids.Add(id); return Task.FromResult(false); }));
        Assert.True(await queue.RunAsync(2, "hello", id => { ids.Add(id); return Task.FromResult(true); }));
        Assert.True(await queue.RunAsync(3, "hello", id => { ids.Add(id); return Task.FromResult(true); }));

        Assert.Equal(ids[0], ids[1]); // the retry: the server sees the same message
        Assert.NotEqual(ids[1], ids[2]); // sent again on purpose after it was accepted: a new message
    }

    [Fact]
    public async Task ADraftBeingSent_IsKnownAsSending_AndASecondSendWaitsForTheFirst()
    {
        var queue = new ComposerSendQueue();
        var first = new TaskCompletionSource<bool>();
        var order = new List<string>();

        var sending = queue.RunAsync(1, "one", async _ => { order.Add("one"); return await first.Task; });
        Assert.True(queue.IsSending(1));
        var next = queue.RunAsync(2, "two", _ => { order.Add("two"); return Task.FromResult(true); });
        Assert.Equal(["one"], order); // queued, not dropped and not overtaking

        first.SetResult(true);
        await Task.WhenAll(sending, next);

        Assert.Equal(["one", "two"], order);
        Assert.False(queue.IsSending(1));
        Assert.False(queue.IsSending(2));
    }
}
