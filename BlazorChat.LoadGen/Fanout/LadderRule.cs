namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// The paced ladder's verdict: steps run in rising order until the first one whose p99 passes
/// <see cref="P99LimitMilliseconds"/>; the result is the highest step that did not, and the p99 at the rate docs compare.
/// </summary>
internal static class LadderRule
{
    public const double P99LimitMilliseconds = 250;

    /// <summary>The step whose p99 the report compares between servers.</summary>
    public const double ComparedRate = 40_000;

    public static bool Passed(LadderStep step) => step.Latency.P99 <= P99LimitMilliseconds;

    /// <summary>Whether to run the next step after <paramref name="steps"/>: not once one has failed.</summary>
    public static bool GoOn(IReadOnlyList<LadderStep> steps) => steps.All(Passed);

    /// <summary>The highest rate of the steps before the first failure, or null if the first step failed already.</summary>
    public static double? HighestPassed(IReadOnlyList<LadderStep> steps) =>
        steps.TakeWhile(Passed).Select(s => (double?)s.Rate).LastOrDefault();

    /// <summary>The p99 of the step at <paramref name="rate"/>, or null when the ladder stopped before it.</summary>
    public static double? P99At(IReadOnlyList<LadderStep> steps, double rate = ComparedRate) =>
        steps.FirstOrDefault(s => s.Rate == rate)?.Latency.P99;
}
