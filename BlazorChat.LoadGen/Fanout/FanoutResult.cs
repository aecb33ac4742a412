namespace BlazorChat.LoadGen.Fanout;

/// <summary>One run of one scenario on one fresh server: the measured phase (or the ladder's steps) and every problem.</summary>
internal sealed record FanoutResult(string Server, string Scenario, int Round, PhaseOutcome? Measured, IReadOnlyList<LadderStep> Steps, IReadOnlyList<string> Problems)
{
    public bool Failed => Problems.Count > 0;

    public static FanoutResult Failure(string server, string scenario, int round, string why) => new(server, scenario, round, null, [], [why]);

    /// <summary>The ladder's highest step whose p99 stayed within the limit (deliveries/s), or null.</summary>
    public double? HighestPassed => LadderRule.HighestPassed(Steps);

    /// <summary>The ladder's p99 at the compared rate, or null when it stopped before.</summary>
    public double? P99AtComparedRate => LadderRule.P99At(Steps);
}
