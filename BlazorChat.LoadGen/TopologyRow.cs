namespace BlazorChat.LoadGen;

/// <summary>One scenario on one topology, measured in rounds; the report shows medians over the rounds.</summary>
internal sealed record TopologyRow(Scenario Scenario, Topology Topology, IReadOnlyList<TopologyRun> Runs)
{
    public bool Failed => Runs.Any(r => r.Problems.Count > 0);

    public IEnumerable<string> Problems =>
        Runs.SelectMany((r, round) => r.Problems.Select(p => $"{Scenario.Name}/{Topology.Name}/round {round + 1}/{p}"));

    public double Median(Func<TopologyRun, double> value) => Statistics.Median([.. Runs.Select(value)]);

    /// <summary>This row's median over <paramref name="baseline"/>'s, and the range of the same ratio round by round.</summary>
    public (double Ratio, double Min, double Max) RatioTo(TopologyRow baseline, Func<TopologyRun, double> value)
    {
        var rounds = Runs.Zip(baseline.Runs, (mine, theirs) => value(mine) / value(theirs)).ToList();
        return (Median(value) / baseline.Median(value), rounds.Min(), rounds.Max());
    }
}
