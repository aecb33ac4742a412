using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Ends the open sockets whose credential expires or is revoked, with two timers for all of them rather than two per
/// socket: one is due at the earliest expiry, the other re-checks every watched credential each
/// <see cref="ChatWebOptions.CredentialRevalidationInterval"/>, in one stamp query per <see cref="CredentialValidator.BatchSize"/>
/// users instead of one query per socket.
/// </summary>
/// <remarks>
/// An expiry ends its socket when it passes, as a timer of its own did. A revocation is found within one interval of
/// it, as before (a socket is checked at the next sweep after it opened, not one interval after). A sweep the database
/// fails leaves every socket open: the next sweep decides.
/// </remarks>
internal sealed partial class CredentialWatch : IDisposable
{
    private readonly CredentialValidator _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new(); // guards _watched, _expiries and _nextExpiry
    private readonly HashSet<Watched> _watched = [];
    private readonly SortedSet<Watched> _expiries = new(ExpiryOrder.Instance);
    private readonly ITimer _expiryTimer;
    private readonly ITimer _revalidation;
    private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue; // when _expiryTimer is due
    private long _sequence;
    private int _sweeping;
    private int _sweepAgain; // a tick came while a sweep ran: run one more, so no socket waits two intervals
    private bool _disposed; // under _lock: a disposed timer must not be changed

    /// <summary>
    /// The longest the expiry timer is set for (a timer's due time has a limit near 49 days, and a credential may
    /// live longer): past it the timer fires early, finds nothing expired, and is set again.
    /// </summary>
    internal static readonly TimeSpan MaxDue = TimeSpan.FromDays(1);

    public CredentialWatch(CredentialValidator credentials, TimeProvider time, IOptions<ChatWebOptions> options, ILogger<CredentialWatch> logger)
    {
        _credentials = credentials;
        _time = time;
        _logger = logger;
        _expiryTimer = time.CreateTimer(static s => ((CredentialWatch)s!).EndExpired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var interval = options.Value.CredentialRevalidationInterval;
        _revalidation = time.CreateTimer(static s => _ = ((CredentialWatch)s!).RevalidateAsync(), this, interval, interval);
    }

    /// <summary>How many credentials are watched (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _watched.Count;
            }
        }
    }

    /// <summary>
    /// Watches <paramref name="credential"/> until the returned handle is disposed: <paramref name="ended"/> is called
    /// once, when it expires (at <paramref name="expiresAt"/>) or a sweep finds it revoked.
    /// </summary>
    public IDisposable Watch(CredentialStamp credential, DateTimeOffset? expiresAt, Action<CredentialEnd> ended)
    {
        var watched = new Watched(this, credential, expiresAt, ended, Interlocked.Increment(ref _sequence));
        lock (_lock)
        {
            _watched.Add(watched);
            if (expiresAt is { } at)
            {
                _expiries.Add(watched);
                if (at < _nextExpiry)
                {
                    ScheduleExpiry(at);
                }
            }
        }

        return watched;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _expiryTimer.Dispose();
        _revalidation.Dispose();
    }

    private void Forget(Watched watched)
    {
        lock (_lock)
        {
            _watched.Remove(watched);
            _expiries.Remove(watched);
        }
    }

    // Under _lock.
    private void ScheduleExpiry(DateTimeOffset at)
    {
        if (_disposed)
        {
            return;
        }

        _nextExpiry = at;
        var due = at - _time.GetUtcNow();
        _expiryTimer.Change(due <= TimeSpan.Zero ? TimeSpan.Zero : due > MaxDue ? MaxDue : due, Timeout.InfiniteTimeSpan);
    }

    private void EndExpired()
    {
        List<Watched> expired = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_expiries.Min is { } first && first.ExpiresAt <= now)
            {
                _expiries.Remove(first);
                _watched.Remove(first);
                expired.Add(first);
            }

            _nextExpiry = DateTimeOffset.MaxValue;
            if (_expiries.Min is { } next)
            {
                ScheduleExpiry(next.ExpiresAt!.Value);
            }
        }

        foreach (var watched in expired)
        {
            watched.End(CredentialEnd.Expired);
        }
    }

    /// <summary>One sweep: every watched credential checked against the stored stamps; the revoked ones end.</summary>
    internal async Task RevalidateAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            // The sweep before is still running (a slow database); it runs once more when done, for the sockets
            // that opened after it took its list.
            Volatile.Write(ref _sweepAgain, 1);
            return;
        }

        try
        {
            do
            {
                Volatile.Write(ref _sweepAgain, 0);
                Watched[] all;
                lock (_lock)
                {
                    all = [.. _watched];
                }

                foreach (var batch in all.GroupBy(w => w.Credential.UserId, StringComparer.Ordinal).Chunk(CredentialValidator.BatchSize))
                {
                    await RevalidateAsync(batch);
                }
            }
            while (Volatile.Read(ref _sweepAgain) == 1);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private async Task RevalidateAsync(IGrouping<string, Watched>[] users)
    {
        Dictionary<string, string?> stored;
        try
        {
            stored = await _credentials.StoredStampsAsync(users.Select(u => u.Key).ToList());
        }
        catch (Exception ex)
        {
            // A database hiccup is no reason to drop anyone; the next sweep decides.
            Log.RevalidationFailed(_logger, users.Length, ex.Message);
            return;
        }

        foreach (var watched in users.SelectMany(u => u))
        {
            if (!watched.Credential.IsAnsweredBy(stored.GetValueOrDefault(watched.Credential.UserId)))
            {
                Forget(watched);
                watched.End(CredentialEnd.Revoked);
            }
        }
    }

    /// <summary>One watched credential; disposing it stops the watch.</summary>
    private sealed class Watched(CredentialWatch watch, CredentialStamp credential, DateTimeOffset? expiresAt, Action<CredentialEnd> ended, long sequence)
        : IDisposable
    {
        private int _ended;

        public CredentialStamp Credential => credential;

        public DateTimeOffset? ExpiresAt => expiresAt;

        public long Sequence => sequence;

        public void End(CredentialEnd why)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                ended(why);
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _ended, 1);
            watch.Forget(this);
        }
    }

    /// <summary>Earliest expiry first; the order of watching breaks ties, so no two entries are equal.</summary>
    private sealed class ExpiryOrder : IComparer<Watched>
    {
        public static readonly ExpiryOrder Instance = new();

        public int Compare(Watched? x, Watched? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byExpiry = Nullable.Compare(x!.ExpiresAt, y!.ExpiresAt);
            return byExpiry != 0 ? byExpiry : x.Sequence.CompareTo(y.Sequence);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(103, LogLevel.Warning, "Could not re-check the credentials of {Users} users with open sockets: {Reason}")]
        public static partial void RevalidationFailed(ILogger logger, int users, string reason);
    }
}

/// <summary>Why a watched credential ended.</summary>
internal enum CredentialEnd
{
    /// <summary>Its lifetime passed.</summary>
    Expired,

    /// <summary>Its user's security stamp changed, or the user is gone.</summary>
    Revoked,
}
