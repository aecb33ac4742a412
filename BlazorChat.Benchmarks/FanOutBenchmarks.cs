using BlazorChat.Domain.Metrics;
using BenchmarkDotNet.Attributes;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Benchmarks;

/// <summary>
/// Finding who a committed message goes to among 1,000 connections and queuing it for each of them, as
/// <see cref="LocalDelivery.Deliver"/> does for every message, until every connection's pump has taken it. The
/// connections are real, started <see cref="ChatConnection"/>s whose pumps hand each event to a callback that only
/// counts it: waking the pumps (thread-pool work beside the benchmark's thread) is in the numbers, a socket's own work
/// (frame, send) is not. Waiting for the pumps keeps every queue short, as in a server whose sockets keep up: a
/// publisher looping on <c>Deliver</c> alone outruns them on 2 cores, and a full queue drops its connection.
/// </summary>
/// <remarks>
/// 500 users with two connections each (a browser tab and a bot, say); 50 of them (100 connections) are members of
/// <c>design</c>. The direct message goes between two of them: four connections.
/// </remarks>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private const int Users = 500;
    private const int ConnectionsPerUser = 2;

    private readonly ChatChange _toGeneral = new(ChangeKind.Posted, 12_345, SampleTraffic.RoomMessage(ChatNames.General));
    private readonly ChatChange _toDesign = new(ChangeKind.Posted, 2_345, SampleTraffic.RoomMessage("design", 2_345));
    private readonly ChatChange _direct = new(ChangeKind.Posted, 321, SampleTraffic.DirectMessage("user0001", "user0002"));
    private readonly List<ChatConnection> _connections = [];
    private SubscriberRegistry _registry = null!;
    private LocalDelivery _delivery = null!;
    private long _delivered;

    [GlobalSetup]
    public void Connect()
    {
        _registry = new SubscriberRegistry();
        _delivery = new LocalDelivery(_registry);
        var capacity = new ChatOptions().OutboundQueueCapacity;
        for (var u = 0; u < Users; u++)
        {
            var user = $"user{u:D4}";
            IReadOnlyList<string> rooms = u % 10 == 0 ? ["design"] : [];
            for (var i = 0; i < ConnectionsPerUser; i++)
            {
                var connection = new ChatConnection(user, capacity, Count, null, c => _registry.Remove(c), ChatMetrics.Unobserved.ForQueue());
                if (_registry.Add(connection, rooms, [], ConnectionsPerUser, []) == AddOutcome.LimitReached)
                {
                    throw new InvalidOperationException("The registry refused a connection of the benchmark.");
                }

                connection.Start();
                _connections.Add(connection);
            }
        }

        // Every connection's first event is its hello: wait for all of them, then count deliveries from zero.
        WaitUntilDelivered(_connections.Count);
        Interlocked.Exchange(ref _delivered, 0);
    }

    [Benchmark(Description = "room message to general: 1,000 connections")]
    public void RoomMessageToEveryone() => DeliverToAll(_toGeneral, Users * ConnectionsPerUser);

    [Benchmark(Description = "room message to design: 100 of 1,000 connections")]
    public void RoomMessageToOneRoom() => DeliverToAll(_toDesign, Users / 10 * ConnectionsPerUser);

    [Benchmark(Description = "direct message: 4 of 1,000 connections")]
    public void DirectMessage() => DeliverToAll(_direct, 2 * ConnectionsPerUser);

    [Benchmark(Description = "lookup only: design's audience")]
    public int RoomAudienceLookup() => _registry.InRoom("design").Length;

    [Benchmark(Description = "lookup only: a direct message's audience")]
    public int DirectAudienceLookup() => _registry.OfUser("user0002").Length + _registry.OfUser("user0001").Length;

    private void DeliverToAll(ChatChange change, int audience)
    {
        var target = Volatile.Read(ref _delivered) + audience;
        _delivery.Deliver(change);
        WaitUntilDelivered(target);
    }

    private void WaitUntilDelivered(long target)
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref _delivered) < target)
        {
            spin.SpinOnce(sleep1Threshold: -1); // yields to the pumps on a busy core, never sleeps a whole millisecond
        }
    }

    private ValueTask Count(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _delivered);
        return ValueTask.CompletedTask;
    }

    [GlobalCleanup]
    public void Disconnect()
    {
        // A queue that overflowed dropped its connection, and every later delivery had a smaller audience: say so.
        var dropped = _connections.Count(c => c.EndReason is not null);
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        if (dropped > 0)
        {
            throw new InvalidOperationException($"{dropped} connections overflowed during the run: the numbers measured a smaller audience.");
        }
    }
}
