namespace BlazorChat.Domain.Internal;

/// <summary>A token bucket per key: <c>burst</c> requests at once, refilled at <c>perSecond</c>.</summary>
internal sealed class TokenBucketLimiter(TimeProvider time, int burst, double perSecond)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (double Tokens, long Stamp)> _buckets = new(ChatNames.UserComparer);

    /// <summary>Takes a token; when none is left, returns how long until one is.</summary>
    public TimeSpan? TryTake(string key)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var (tokens, stamp) = _buckets.GetValueOrDefault(key, (burst, now));
            tokens = Math.Min(burst, tokens + time.GetElapsedTime(stamp, now).TotalSeconds * perSecond);
            if (tokens >= 1)
            {
                _buckets[key] = (tokens - 1, now);
                return null;
            }

            _buckets[key] = (tokens, now);
            return TimeSpan.FromSeconds((1 - tokens) / perSecond);
        }
    }

    /// <summary>Forgets a key: its next take finds a full bucket.</summary>
    public void Reset(string key)
    {
        lock (_gate)
        {
            _buckets.Remove(key);
        }
    }
}
