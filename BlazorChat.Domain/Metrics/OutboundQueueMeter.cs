using BlazorChat.Domain.Connections;

namespace BlazorChat.Domain.Metrics;

/// <summary>
/// One connection's part in the delivery instruments: it counts what is queued and, when the high-water mark is
/// collected, follows the queue's depth (an increment by whoever enqueues, a decrement by the pump). Whether depth is
/// followed is decided once, when the connection opens, so the count never mixes followed and unfollowed events.
/// </summary>
internal sealed class OutboundQueueMeter(ChatMetrics metrics, bool followsDepth)
{
    private int _depth;

    public void Enqueued()
    {
        metrics.Delivered();
        if (followsDepth)
        {
            metrics.QueueDepth(Interlocked.Increment(ref _depth));
        }
    }

    public void Dequeued()
    {
        if (followsDepth)
        {
            Interlocked.Decrement(ref _depth);
        }
    }

    public void Ended(ConnectionEndReason reason) => metrics.Ended(reason);
}
