using System.Diagnostics;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>One phase's measurements: from the first send to the last delivery, what the server spent and what arrived.</summary>
internal sealed record PhaseOutcome(
    long Deliveries, TimeSpan Elapsed, LatencySummary Latency, ServerReadings Before, ServerReadings After, int Lost, int Duplicates,
    int Violations, IReadOnlyList<string> Problems)
{
    public double DeliveriesPerSecond => Elapsed > TimeSpan.Zero ? Deliveries / Elapsed.TotalSeconds : 0;

    public double CpuMicrosecondsPerDelivery => Deliveries > 0 ? (After.Cpu - Before.Cpu).TotalMicroseconds / Deliveries : double.NaN;

    /// <summary>What the load generator itself spent per delivery (sending, receiving, checking).</summary>
    public double LoadGeneratorMicrosecondsPerDelivery =>
        Deliveries > 0 ? (After.LoadGeneratorCpu - Before.LoadGeneratorCpu).TotalMicroseconds / Deliveries : double.NaN;

    public double SegmentsPerDelivery => Deliveries > 0 ? (double)(After.SegmentsOut - Before.SegmentsOut) / Deliveries : double.NaN;

    public double RssMegabytes => After.RssBytes / 1024.0 / 1024.0;

    public static PhaseOutcome From(IReadOnlyList<ReceiverLedger> ledgers, long startedAt, ServerReadings before, ServerReadings after, IReadOnlyList<string> problems)
    {
        var deliveries = ledgers.Sum(l => (long)l.Received);
        var latencies = new long[deliveries];
        var at = 0;
        foreach (var ledger in ledgers)
        {
            ledger.Latencies.CopyTo(latencies.AsSpan(at));
            at += ledger.Latencies.Length;
        }

        var lastAt = ledgers.Max(l => l.LastReceivedAt);
        return new PhaseOutcome(
            deliveries, lastAt > startedAt ? Stopwatch.GetElapsedTime(startedAt, lastAt) : TimeSpan.Zero, LatencySummary.FromTicks(latencies),
            before, after, ledgers.Sum(l => l.Lost), ledgers.Sum(l => l.Duplicates), ledgers.Sum(l => l.Violations),
            [.. problems, .. ledgers.SelectMany(l => l.Problems())]);
    }
}
