using BlazorChat.Domain.Backplane;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Starting one node among several, once: subscribe to the backplane, then read where every conversation stands — in
/// that order, so nothing committed in between is missed — then ask who is online elsewhere. A failed start is tried
/// again by the next caller.
/// </summary>
internal sealed class NodeStart(IChatBackplane backplane, IBackplaneReceiver receiver, Reassembler streams, BackplaneOutbox outbox)
{
    private readonly Lock _gate = new();

    // _start is chosen under _gate; _subscribed is touched only by the one start running at a time.
    private Task? _start;
    private bool _subscribed;

    /// <summary>Completes once the node has started: at once after the first success.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task start;
        lock (_gate)
        {
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartAsync();
            }

            start = _start;
        }

        return start.IsCompletedSuccessfully ? Task.CompletedTask : start.WaitAsync(cancellationToken);
    }

    private async Task StartAsync()
    {
        if (!_subscribed)
        {
            await backplane.SubscribeAsync(receiver).ConfigureAwait(false);
            _subscribed = true;
        }

        await streams.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        outbox.Post(new PresenceQuery(outbox.Node));
    }
}
