namespace BlazorChat.Domain.Internal;

/// <summary>
/// A fixed set of async locks chosen by a key's hash: serialises work per key without keeping one lock for
/// every key ever seen (keys such as client message ids never repeat for long).
/// </summary>
internal sealed class StripedLocks
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<KeyedLocks.Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _stripes[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % _stripes.Length];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new KeyedLocks.Releaser(gate);
    }
}
