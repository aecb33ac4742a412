using System.Threading.Channels;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Connections;

/// <summary>
/// One subscriber — a Blazor circuit or a <c>/ws</c> socket — of one user. It owns a bounded outbound queue
/// drained by its own pump, so a slow subscriber only ever delays itself: when its queue is full it is dropped
/// (<see cref="ConnectionEndReason.Overflowed"/>) instead of making the publisher wait.
/// Dispose it when the circuit or socket goes away.
/// </summary>
public sealed class ChatConnection : IDisposable
{
    private readonly Channel<ChatEvent> _queue;
    private readonly Func<ChatEvent, CancellationToken, ValueTask> _deliver;
    private readonly Action<ConnectionEndReason>? _onEnded;
    private readonly Action<ChatConnection> _unregister;
    private readonly OutboundQueueMeter _meter;
    private readonly CancellationTokenSource _stopping = new();
    private int _ended;
    private int _idle; // 1 while the pump waits for events and no delivery round counts on it to check in
    private DeliveryRounds? _countedBy; // the round that counted on the pump, once _idle has gone from 1 to 0 by its hand

    internal ChatConnection(
        string user,
        int capacity,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded,
        Action<ChatConnection> unregister,
        OutboundQueueMeter meter)
    {
        User = user;
        _deliver = deliver;
        _onEnded = onEnded;
        _unregister = unregister;
        _meter = meter;
        _queue = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping silently
        });
    }

    /// <summary>The authenticated user this connection belongs to, as registered.</summary>
    public string User { get; }

    /// <summary>Why the connection ended, or null while it is live.</summary>
    public ConnectionEndReason? EndReason { get; private set; }

    /// <summary>
    /// Whether more events wait behind the one being delivered: a transport may gather its writes while this is true,
    /// and must send what it gathered once it is false.
    /// </summary>
    public bool HasQueuedEvents => _queue.Reader.Count > 0;

    /// <summary>Whether the pump waits for events and no delivery round has counted on it yet.</summary>
    internal bool IsIdle => Volatile.Read(ref _idle) == 1;

    /// <summary>Completes when the pump has stopped delivering events.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Stops delivery and unregisters the connection; the user goes offline with their last one.</summary>
    public void Dispose() => End(ConnectionEndReason.Disposed);

    /// <summary>Ends the connection because its credential was revoked; its owner is told (<see cref="ConnectionEndReason.Revoked"/>).</summary>
    public void Revoke() => End(ConnectionEndReason.Revoked);

    internal void Start() => Completion = Task.Run(PumpAsync);

    /// <summary>Ends a connection that was never started: its user already has too many.</summary>
    internal void Refuse() => End(ConnectionEndReason.LimitReached);

    /// <summary>
    /// Called by a delivery round before it queues this connection's first event of the round: true when the pump was
    /// idle, and then it checks in with <paramref name="rounds"/> once (see <see cref="DeliveryRounds"/>).
    /// </summary>
    internal bool CountOn(DeliveryRounds rounds)
    {
        if (Volatile.Read(ref _idle) == 0)
        {
            return false;
        }

        _countedBy = rounds;
        return Interlocked.Exchange(ref _idle, 0) == 1;
    }

    /// <summary>Queues an event without waiting; a full queue ends this connection and only this one.</summary>
    internal void Enqueue(ChatEvent chatEvent)
    {
        if (_queue.Writer.TryWrite(chatEvent))
        {
            _meter.Enqueued();
        }
        else if (EndReason is null)
        {
            End(ConnectionEndReason.Overflowed);
        }
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        var counted = false; // a delivery round waits for this pump to check in
        try
        {
            // No token: a cancellable wait allocates a new waiter each time the pump sleeps (once per delivery at low
            // load), an uncancellable one reuses the reader's own. Ending the connection completes the queue, which
            // ends the wait; what is still queued then is dropped, as a cancelled wait dropped it.
            while (true)
            {
                Volatile.Write(ref _idle, 1);
                var open = await reader.WaitToReadAsync().ConfigureAwait(false);
                counted = Interlocked.Exchange(ref _idle, 0) == 0; // not this pump's hand: a round's
                if (!open || _stopping.IsCancellationRequested)
                {
                    break;
                }

                while (!_stopping.IsCancellationRequested && reader.TryRead(out var chatEvent))
                {
                    _meter.Dequeued();
                    var delivery = _deliver(chatEvent, _stopping.Token);
                    if (counted && !delivery.IsCompleted)
                    {
                        counted = false;
                        _countedBy!.CheckIn(); // a reader that is slow now must not hold the next round
                    }

                    await delivery.ConfigureAwait(false);
                }

                if (counted)
                {
                    counted = false;
                    _countedBy!.CheckIn();
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception)
        {
            End(ConnectionEndReason.DeliveryFailed);
        }
        finally
        {
            if (counted)
            {
                _countedBy!.CheckIn();
            }
        }
    }

    private void End(ConnectionEndReason reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        EndReason = reason;
        _meter.Ended(reason);
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _unregister(this);
        if (_onEnded is { } onEnded && reason != ConnectionEndReason.Disposed)
        {
            // Never run the owner's code on the publisher's thread.
            ThreadPool.QueueUserWorkItem(static state => state.onEnded(state.reason), (onEnded, reason), preferLocal: false);
        }
    }
}
