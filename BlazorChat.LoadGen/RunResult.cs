using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>What one run measured: acknowledged messages per second, ack latency percentiles, and any problems found.</summary>
internal sealed record RunResult(int Messages, TimeSpan Elapsed, TimeSpan P50, TimeSpan P95, TimeSpan P99, IReadOnlyList<string> Problems)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public static RunResult From(IReadOnlyList<LoadClient> clients, TimeSpan elapsed, IReadOnlyList<string> problems)
    {
        var latencies = clients.SelectMany(c => c.Acks).Select(a => Stopwatch.GetElapsedTime(a.SentAt, a.AckedAt)).Order().ToArray();
        return new RunResult(latencies.Length, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), problems);
    }

    /// <summary>A run that could not finish (a timeout, a closed socket, a server that did not start).</summary>
    public static RunResult Failed(string problem) => new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, [problem]);

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    private static TimeSpan Percentile(TimeSpan[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
