using System.Threading.Channels;
using BlazorChat.Domain.Backplane;

namespace BlazorChat.Tests.Backplane;

/// <summary>Records what one node hears; waits are bounded by a deadline.</summary>
internal sealed class RecordingReceiver : IBackplaneReceiver
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly Channel<BackplaneNotice> _heard = Channel.CreateUnbounded<BackplaneNotice>();
    private int _reconnected;

    public int ReconnectedCount => Volatile.Read(ref _reconnected);

    public void Receive(BackplaneNotice notice) => _heard.Writer.TryWrite(notice);

    public void Reconnected() => Interlocked.Increment(ref _reconnected);

    /// <summary>The next notice heard; fails the test if none comes before the deadline.</summary>
    public async Task<BackplaneNotice> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            return await _heard.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No notice within {Deadline.TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>What was heard and not yet taken by <see cref="NextAsync"/>.</summary>
    public List<BackplaneNotice> Pending()
    {
        var pending = new List<BackplaneNotice>();
        while (_heard.Reader.TryRead(out var notice))
        {
            pending.Add(notice);
        }

        return pending;
    }
}
