namespace BlazorChat.LoadGen;

/// <summary>
/// One scenario on one database, measured in rounds, each on fresh servers: one transaction per message (the
/// reference) and group commit. Rates and latencies are medians over the rounds, so one noisy round moves them little.
/// </summary>
internal sealed record ComparisonRow(Scenario Scenario, string Provider, IReadOnlyList<RunResult> Reference, IReadOnlyList<RunResult> GroupCommit)
{
    public bool Failed => Reference.Concat(GroupCommit).Any(r => r.Problems.Count > 0);

    /// <summary>How many times the reference's median throughput group commit reaches.</summary>
    public double Ratio => Median(GroupCommit, r => r.MessagesPerSecond) / Median(Reference, r => r.MessagesPerSecond);

    /// <summary>The ratio within each round (reference and group commit measured back to back).</summary>
    public IEnumerable<double> RoundRatios => Reference.Zip(GroupCommit, (r, g) => g.MessagesPerSecond / r.MessagesPerSecond);

    public IEnumerable<string> Problems =>
        Reference.SelectMany(r => r.Problems).Select(p => $"{Scenario.Name}/{Provider}/reference: {p}")
            .Concat(GroupCommit.SelectMany(r => r.Problems).Select(p => $"{Scenario.Name}/{Provider}/group commit: {p}"));

    public static double Median(IReadOnlyList<RunResult> runs, Func<RunResult, double> value) => Statistics.Median([.. runs.Select(value)]);
}
