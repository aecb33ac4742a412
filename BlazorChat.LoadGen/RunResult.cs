using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>
/// What one run measured: acknowledged messages per second and ack latency percentiles; deliveries (<c>message</c>
/// events) per second and their end-to-end latency, split by whether sender and receiver share a node; the CPU spent;
/// and any problems found.
/// </summary>
internal sealed record RunResult(int Messages, TimeSpan Elapsed, TimeSpan P50, TimeSpan P95, TimeSpan P99, IReadOnlyList<string> Problems)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>Message events received by all sockets together.</summary>
    public int Deliveries { get; init; }

    /// <summary>From the first send to the last message event.</summary>
    public TimeSpan DeliveryElapsed { get; init; }

    public double DeliveriesPerSecond => Deliveries / DeliveryElapsed.TotalSeconds;

    /// <summary>Send to receipt, every delivery.</summary>
    public Percentiles Delivery { get; init; } = Percentiles.None;

    /// <summary>Send to receipt, sender and receiver on the same node.</summary>
    public Percentiles SameNode { get; init; } = Percentiles.None;

    /// <summary>Send to receipt, sender and receiver on different nodes (none with one node).</summary>
    public Percentiles CrossNode { get; init; } = Percentiles.None;

    /// <summary>The CPU spent from the first send to the last delivery, if it was measured.</summary>
    public CpuUsage? Cpu { get; init; }

    /// <summary>How many messages each conversation has after this run: where a next phase on the same server starts.</summary>
    public IReadOnlyDictionary<string, int> SeqsAfter { get; init; } = new Dictionary<string, int>();

    public static RunResult From(IReadOnlyList<LoadClient> clients, long started, CpuUsage? cpu, IReadOnlyList<string> problems)
    {
        var latencies = clients.SelectMany(c => c.Acks).Select(a => Stopwatch.GetElapsedTime(a.SentAt, a.AckedAt)).Order().ToArray();
        var lastAck = clients.SelectMany(c => c.Acks).Max(a => a.AckedAt);
        var same = Percentiles.Of(clients.SelectMany(c => c.SameNodeLatencies));
        var cross = Percentiles.Of(clients.SelectMany(c => c.CrossNodeLatencies));
        return new RunResult(latencies.Length, Stopwatch.GetElapsedTime(started, lastAck),
            Percentiles.At(latencies, 0.50), Percentiles.At(latencies, 0.95), Percentiles.At(latencies, 0.99), problems)
        {
            Deliveries = clients.Sum(c => c.Received.Values.Sum(seqs => seqs.Count)),
            DeliveryElapsed = Stopwatch.GetElapsedTime(started, clients.Max(c => c.LastDeliveredAt)),
            Delivery = Percentiles.Of(clients.SelectMany(c => c.SameNodeLatencies.Concat(c.CrossNodeLatencies))),
            SameNode = same,
            CrossNode = cross,
            Cpu = cpu,
        };
    }

    /// <summary>A run that could not finish (a timeout, a closed socket, a server that did not start).</summary>
    public static RunResult Failed(string problem) => new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, [problem]);
}

/// <summary>Latency percentiles of <see cref="Count"/> samples (nearest rank).</summary>
internal sealed record Percentiles(int Count, TimeSpan P50, TimeSpan P95, TimeSpan P99)
{
    public static readonly Percentiles None = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The percentiles of latencies in Stopwatch ticks.</summary>
    public static Percentiles Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.Order().Select(t => TimeSpan.FromSeconds((double)t / Stopwatch.Frequency)).ToArray();
        return sorted.Length == 0 ? None : new(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    public static TimeSpan At(TimeSpan[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
