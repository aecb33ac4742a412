using System.Diagnostics;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>End-to-end latencies of one phase, in milliseconds: p50, p99 and the worst.</summary>
internal sealed record LatencySummary(double P50, double P99, double Max)
{
    public static readonly LatencySummary None = new(double.NaN, double.NaN, double.NaN);

    /// <summary>From latencies in Stopwatch ticks (sorted here, in place).</summary>
    public static LatencySummary FromTicks(long[] ticks)
    {
        if (ticks.Length == 0)
        {
            return None;
        }

        Array.Sort(ticks);
        return new(Milliseconds(Percentile.Of(ticks, 50)), Milliseconds(Percentile.Of(ticks, 99)), Milliseconds(ticks[^1]));
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
