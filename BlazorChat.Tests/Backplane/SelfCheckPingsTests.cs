using BlazorChat.Web.Infrastructure.Redis;

namespace BlazorChat.Tests.Backplane;

/// <summary>
/// A node's own self-check pings: an answer completes the wait; an answer that comes after the check gave up is still
/// known for the node's own (a busy machine), and only a ping the node never sent can be another node of its name.
/// </summary>
public sealed class SelfCheckPingsTests
{
    [Fact]
    public void AnAnswerInTime_CompletesTheWait()
    {
        var pings = new SelfCheckPings();
        var (nonce, answered) = pings.Start();

        Assert.True(pings.Answer(nonce));
        Assert.True(answered.IsCompletedSuccessfully);
    }

    [Fact]
    public void ALateAnswer_IsNotWaitedFor_ButKnownForOurs_AndAStrangersPingIsNot()
    {
        var pings = new SelfCheckPings();
        var (nonce, answered) = pings.Start();

        pings.Forget(nonce);

        Assert.False(pings.Answer(nonce));
        Assert.False(answered.IsCompleted);
        Assert.True(pings.WasOurs(nonce));
        Assert.False(pings.WasOurs(Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void OnlyTheRecentPingsAreRemembered()
    {
        var pings = new SelfCheckPings();
        var nonces = Enumerable.Range(0, 17).Select(_ => pings.Start().Nonce).ToList();

        nonces.ForEach(pings.Forget);

        Assert.False(pings.WasOurs(nonces[0]));
        Assert.All(nonces.Skip(1), nonce => Assert.True(pings.WasOurs(nonce)));
    }
}
