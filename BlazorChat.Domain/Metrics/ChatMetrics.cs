using System.Diagnostics.Metrics;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Metrics;

/// <summary>
/// The chat's own instruments on the <see cref="MeterName"/> meter: who is online, what is committed and delivered,
/// slow readers, refusals and what the nodes tell each other. Every instrument is created once, here; each
/// instrumentation point is one call into this class, allocation-free and lock-free, and with nobody listening
/// (metrics off) it costs a disabled instrument's check. One node (<see cref="ChatRoomService"/>) per instance.
/// </summary>
public sealed class ChatMetrics
{
    /// <summary>The name of the meter of every BlazorChat instrument.</summary>
    public const string MeterName = "BlazorChat";

    private static readonly KeyValuePair<string, object?> Posted = new("kind", "post");
    private static readonly KeyValuePair<string, object?> Edited = new("kind", "edit");
    private static readonly KeyValuePair<string, object?> Deleted = new("kind", "delete");
    private static readonly KeyValuePair<string, object?> Reacted = new("kind", "react");
    private static readonly KeyValuePair<string, object?> UserBudget = new("budget", "user");
    private static readonly KeyValuePair<string, object?> SocketBudget = new("budget", "socket");

    private readonly UpDownCounter<int> _usersOnline;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _deliveries;
    private readonly ObservableGauge<int> _deepestQueue;
    private readonly Counter<long> _overflowed;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _published;
    private readonly Counter<long> _received;
    private int _deepestSinceCollected; // raised by enqueues, reset to 0 by each collection
    private Func<long> _gapFills = static () => 0;
    private Func<bool> _backplaneConnected = static () => true;

    /// <summary>The instruments on the factory's <see cref="MeterName"/> meter (the host's factory, or a test's).</summary>
    public ChatMetrics(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(MeterName))
    {
    }

    private ChatMetrics(Meter meter)
    {
        _usersOnline = meter.CreateUpDownCounter<int>(
            "blazorchat.users.online", "{user}", "Users with at least one tab or socket open on this node.");
        _committed = meter.CreateCounter<long>(
            "blazorchat.messages.committed", "{message}", "Messages posted and changed (edit, delete, react) on this node, once committed, by kind.");
        _deliveries = meter.CreateCounter<long>(
            "blazorchat.deliveries", "{event}", "Events queued to a tab or socket: one per connection an event reaches.");
        _deepestQueue = meter.CreateObservableGauge(
            "blazorchat.outbound_queue.depth_max", () => Interlocked.Exchange(ref _deepestSinceCollected, 0), "{event}",
            "The deepest any connection's outbound queue got since the last collection (it is dropped at Chat:OutboundQueueCapacity).");
        _overflowed = meter.CreateCounter<long>(
            "blazorchat.connections.overflowed", "{connection}", "Tabs and sockets dropped because their outbound queue was full (slow readers; 4008 for sockets).");
        _refusals = meter.CreateCounter<long>(
            "blazorchat.rate_limit.refusals", "{request}", "Requests refused with rate_limited, by budget: the user's sends and changes, or one socket's requests.");
        _published = meter.CreateCounter<long>(
            "blazorchat.backplane.notices.published", "{notice}", "Notices this node handed to the backplane that it took.");
        _received = meter.CreateCounter<long>(
            "blazorchat.backplane.notices.received", "{notice}", "Notices of other nodes this node received from the backplane.");
        meter.CreateObservableCounter(
            "blazorchat.gap_fills", () => _gapFills(), "{fill}", "Times this node read changes from the database that no notice had brought (a lost or late notice, a sweep).");
        meter.CreateObservableGauge(
            "blazorchat.backplane.connected", () => _backplaneConnected() ? 1 : 0, "1", "1 while this node hears the other nodes through the backplane, 0 during an outage.");
    }

    /// <summary>Instruments nobody collects: for a node built without metrics (their meter has a name of its own).</summary>
    internal static ChatMetrics Unobserved { get; } = new(new Meter(MeterName + ".Unobserved"));

    /// <summary>A request refused by one socket's own budget (the <c>/ws</c> endpoint counts it).</summary>
    public void SocketBudgetRefused() => _refusals.Add(1, SocketBudget);

    /// <summary>What a node reports only when collected: its fills from the store and its backplane's state.</summary>
    internal void Observe(Func<long> gapFills, Func<bool> backplaneConnected) =>
        (_gapFills, _backplaneConnected) = (gapFills, backplaneConnected);

    internal void UserCameOnline() => _usersOnline.Add(1);

    internal void UserWentOffline() => _usersOnline.Add(-1);

    internal void Committed(ChangeKind kind) => _committed.Add(1, kind switch
    {
        ChangeKind.Posted => Posted,
        ChangeKind.Edited => Edited,
        ChangeKind.Deleted => Deleted,
        _ => Reacted,
    });

    internal void UserBudgetRefused() => _refusals.Add(1, UserBudget);

    internal void Published(bool[] taken)
    {
        if (_published.Enabled)
        {
            _published.Add(taken.Count(static ok => ok));
        }
    }

    internal void Received() => _received.Add(1);

    /// <summary>A meter of one connection's queue: depth is followed only when someone collects it.</summary>
    internal OutboundQueueMeter ForQueue() => new(this, _deepestQueue.Enabled);

    internal void Delivered() => _deliveries.Add(1);

    /// <summary>Raises the high-water mark; only a deeper queue than any seen since the last collection writes.</summary>
    internal void QueueDepth(int depth)
    {
        var deepest = Volatile.Read(ref _deepestSinceCollected);
        while (depth > deepest)
        {
            var seen = Interlocked.CompareExchange(ref _deepestSinceCollected, depth, deepest);
            if (seen == deepest)
            {
                return;
            }

            deepest = seen;
        }
    }

    internal void Ended(ConnectionEndReason reason)
    {
        if (reason == ConnectionEndReason.Overflowed)
        {
            _overflowed.Add(1);
        }
    }
}
