using System.Diagnostics;
using System.Diagnostics.Metrics;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Web.Metrics;

/// <summary>
/// The web host's instruments on the chat's meter (<see cref="ChatMetrics.MeterName"/>): open sockets and circuits, the
/// group-commit writer's batches, backplane outages. Created once; each point is one call, cheap when nobody listens.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly KeyValuePair<string, object?> Socket = new("kind", "socket");
    private static readonly KeyValuePair<string, object?> Circuit = new("kind", "circuit");

    private readonly UpDownCounter<int> _connections;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _outages;

    public ServerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ChatMetrics.MeterName);
        _connections = meter.CreateUpDownCounter<int>(
            "blazorchat.connections.active", "{connection}", "Open /ws sockets (kind=socket) and Blazor circuits (kind=circuit).");
        _batchSize = meter.CreateHistogram(
            "blazorchat.commit.batch_size", "{message}", "Messages and changes committed together in one transaction by the group-commit writer.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _commitDuration = meter.CreateHistogram(
            "blazorchat.commit.duration", "s", "From a group taken from the queue to its transaction committed (retries included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _outages = meter.CreateCounter<long>(
            "blazorchat.backplane.outages", "{outage}", "Times this node lost its working connection to Redis (the backplane).");
    }

    /// <summary>Counts an accepted socket as open until the returned value is disposed.</summary>
    public OpenSocket SocketOpened()
    {
        _connections.Add(1, Socket);
        return new OpenSocket(this);
    }

    public void CircuitOpened() => _connections.Add(1, Circuit);

    public void CircuitClosed() => _connections.Add(-1, Circuit);

    /// <summary>A group of <paramref name="size"/> committed; <paramref name="startedAt"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    public void Committed(int size, long startedAt)
    {
        _batchSize.Record(size);
        if (_commitDuration.Enabled)
        {
            _commitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        }
    }

    public void BackplaneOutage() => _outages.Add(1);

    /// <summary>One open socket, counted until disposed (a struct: <c>using var</c> allocates nothing).</summary>
    public readonly struct OpenSocket(ServerMetrics metrics) : IDisposable
    {
        public void Dispose() => metrics._connections.Add(-1, Socket);
    }
}
