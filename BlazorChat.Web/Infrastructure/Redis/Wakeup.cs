namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>A signal that coalesces: however often it is set, one wait returns, then the next waits again.</summary>
internal sealed class Wakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set.
        }
        catch (ObjectDisposedException)
        {
            // A connection event after the backplane was disposed.
        }
    }

    /// <summary>Waits until set or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
