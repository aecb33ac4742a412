using System.Threading.Channels;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// What this node tells the others, sent by one loop so that no sender ever waits for the backplane: committed
/// changes (messages, edits, deletes, reactions) that queue up while a publish is under way go out together, one notice per conversation. A notice the
/// backplane cannot take is dropped — the others fill messages from the store and presence from the next heartbeat —
/// and so is the oldest waiting one when a hung backplane lets <see cref="Capacity"/> pile up.
/// </summary>
internal sealed class BackplaneOutbox : IAsyncDisposable
{
    public const int Capacity = 100_000;
    private const int MaxTaken = 1024;

    private readonly IChatBackplane _backplane;
    private readonly ChatMetrics _metrics;
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Task _loop;
    private int _inFlight;

    public BackplaneOutbox(IChatBackplane backplane, ChatMetrics metrics)
    {
        (_backplane, _metrics) = (backplane, metrics);
        _loop = Task.Run(RunAsync);
    }

    public string Node => _backplane.NodeId;

    /// <summary>What is waiting or being published right now (for tests: "published" means handed to the backplane).</summary>
    public int Backlog => _queue.Reader.Count + Volatile.Read(ref _inFlight);

    /// <summary>Announces a committed change of this node.</summary>
    public void Post(ChatChange change) => _queue.Writer.TryWrite(change);

    public void Post(BackplaneNotice notice) => _queue.Writer.TryWrite(notice);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var taken = new List<object>(MaxTaken);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            taken.Clear();
            Volatile.Write(ref _inFlight, reader.Count); // counted before they leave the queue, so Backlog never dips early
            while (taken.Count < MaxTaken && reader.TryRead(out var item))
            {
                taken.Add(item);
            }

            Volatile.Write(ref _inFlight, taken.Count);

            // Sent without waiting for each answer: one connection keeps them in order, and a slow answer holds up
            // only this round, never the senders.
            var published = new List<Task<bool>>();
            foreach (var notice in Group(taken))
            {
                published.Add(_backplane.PublishAsync(notice).AsTask());
            }

            _metrics.Published(await Task.WhenAll(published).ConfigureAwait(false));
            Volatile.Write(ref _inFlight, 0);
        }
    }

    /// <summary>The taken items as notices: changes grouped by conversation, in rev order; the rest as they came.</summary>
    private IEnumerable<BackplaneNotice> Group(List<object> taken)
    {
        var batches = new Dictionary<string, List<ChatChange>>(StringComparer.Ordinal);
        foreach (var item in taken)
        {
            if (item is ChatChange change)
            {
                if (!batches.TryGetValue(change.Conversation.Value, out var batch))
                {
                    batches[change.Conversation.Value] = batch = [];
                }

                batch.Add(change);
            }
            else
            {
                yield return (BackplaneNotice)item;
            }
        }

        foreach (var batch in batches.Values)
        {
            batch.Sort(static (a, b) => a.Rev.CompareTo(b.Rev));
            yield return new ChangesCommitted(Node, batch);
        }
    }
}
