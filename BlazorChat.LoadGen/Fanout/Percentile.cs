namespace BlazorChat.LoadGen.Fanout;

/// <summary>Percentiles by nearest rank: the smallest value that at least that share of the values do not exceed.</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="percent"/> percentile (0–100] of values sorted ascending; 0 for none.</summary>
    public static long Of(ReadOnlySpan<long> sorted, double percent)
    {
        if (percent is <= 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is in (0, 100].");
        }

        if (sorted.IsEmpty)
        {
            return 0;
        }

        // Rank ⌈p/100 × n⌉, 1-based; computed in decimal so that 99 % of 100 values is rank 99, not 100 by rounding.
        var rank = (int)Math.Ceiling((decimal)percent / 100m * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
