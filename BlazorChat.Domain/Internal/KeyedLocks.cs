namespace BlazorChat.Domain.Internal;

/// <summary>
/// One async lock per key, so each conversation's messages are queued (and so published) in seq order. A key's lock
/// lives only while someone holds or waits for it, so a server that has seen a million conversations keeps none.
/// </summary>
internal sealed class KeyedLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many keys have a lock right now (held or awaited).</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public async ValueTask<Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                _entries[key] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    private void Leave(string key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; } // holders and waiters; guarded by the dictionary's lock
    }

    internal readonly struct Releaser : IDisposable
    {
        private readonly KeyedLocks? _owner;
        private readonly string _key;
        private readonly Entry _entry;

        internal Releaser(KeyedLocks owner, string key, Entry entry) => (_owner, _key, _entry) = (owner, key, entry);

        public void Dispose()
        {
            if (_owner is null)
            {
                return; // default: nothing was acquired
            }

            _entry.Gate.Release();
            _owner.Leave(_key, _entry);
        }
    }
}
