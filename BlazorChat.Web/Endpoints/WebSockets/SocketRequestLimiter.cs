using System.Threading.RateLimiting;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One socket's request budget (<c>Chat:SocketRequestsPerSecond</c>, bursts of twice that) and its abuse count: more
/// than <c>Chat:AbuseThreshold</c> refused requests within ten seconds is sustained abuse (close 4029). Used by the
/// socket's receive loop only.
/// </summary>
internal sealed class SocketRequestLimiter : IDisposable
{
    private static readonly TimeSpan AbuseWindow = TimeSpan.FromSeconds(10);

    private readonly TokenBucketRateLimiter _requests;
    private readonly Queue<long> _refusals = new(); // timestamps of refused requests
    private readonly int _abuseThreshold;
    private readonly TimeProvider _time;

    public SocketRequestLimiter(ChatWebOptions options, TimeProvider time)
    {
        _abuseThreshold = options.AbuseThreshold;
        _time = time;
        _requests = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)Math.Ceiling(options.SocketRequestsPerSecond * 2),
            TokensPerPeriod = (int)Math.Ceiling(options.SocketRequestsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>Takes one request's token; when there is none, says how long to wait.</summary>
    public bool TryAcquire(out TimeSpan? retryAfter)
    {
        using var lease = _requests.AttemptAcquire();
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    /// <summary>Counts a refused request (by this socket's budget or the user's); true once it amounts to abuse.</summary>
    public bool CountRefusal()
    {
        var now = _time.GetTimestamp();
        _refusals.Enqueue(now);
        while (_refusals.Count > 0 && _time.GetElapsedTime(_refusals.Peek(), now) > AbuseWindow)
        {
            _refusals.Dequeue();
        }

        return _refusals.Count > _abuseThreshold;
    }

    public void Dispose() => _requests.Dispose();
}
