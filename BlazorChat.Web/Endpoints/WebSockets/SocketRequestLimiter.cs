using BlazorChat.Domain.Metrics;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One socket's request budget (<c>Chat:SocketRequestsPerSecond</c>, bursts of twice that) and its abuse count: more
/// than <c>Chat:AbuseThreshold</c> refused requests within ten seconds is sustained abuse (close 4029). Used by the
/// socket's receive loop only.
/// </summary>
internal sealed class SocketRequestLimiter
{
    private static readonly TimeSpan AbuseWindow = TimeSpan.FromSeconds(10);

    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _stamp;
    private readonly Queue<long> _refusals = new(); // timestamps of refused requests
    private readonly int _abuseThreshold;
    private readonly TimeProvider _time;
    private readonly ChatMetrics? _metrics;

    public SocketRequestLimiter(ChatWebOptions options, TimeProvider time, ChatMetrics? metrics = null)
    {
        _metrics = metrics;
        _abuseThreshold = options.AbuseThreshold;
        _time = time;
        _perSecond = Math.Max(options.SocketRequestsPerSecond, double.Epsilon);
        _burst = Math.Ceiling(options.SocketRequestsPerSecond * 2);
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Takes one request's token; when there is none, says how long to wait.</summary>
    public bool TryAcquire(out TimeSpan? retryAfter)
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _perSecond));
        _stamp = now;
        if (_tokens >= 1)
        {
            _tokens--;
            retryAfter = null;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
        _metrics?.SocketBudgetRefused();
        return false;
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
}
