using System.Globalization;
using System.Text;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// The Markdown fragment of a fanout session: medians per scenario and server, the ladder's results, and the same-run
/// ratios of BlazorChat to each other server (ratio of the medians, the per-round range in brackets).
/// </summary>
internal static class FanoutReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<FanoutResult> results, FanoutOptions options, FanoutFacts facts)
    {
        var text = new StringBuilder();
        text.AppendLine("### Fan-out: BlazorChat `/ws`, bare Kestrel, Node `ws`");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Command: `{facts.Command}`");
        text.AppendLine(Invariant, $"- Machine: {facts.Machine}; Node {facts.NodeVersion}; load average {facts.LoadBefore} before, {facts.LoadAfter} after; {facts.Date:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(Invariant, $"- {options.Rounds} round(s), each server a fresh process per run, the order rotating each round; medians over the rounds; BlazorChat on SQLite with the default group commit");
        foreach (var name in options.Scenarios)
        {
            text.AppendLine(Invariant, $"- `{name}`: {FanoutScenario.Create(name, options).Description}");
        }

        text.AppendLine();
        var scenarios = options.Scenarios.Where(s => s != FanoutScenario.Ladder).ToList();
        if (scenarios.Count > 0)
        {
            text.AppendLine("| scenario | server | deliveries/s | p50 / p99 / max ms | server CPU µs per delivery | RSS MB | TCP segments per delivery | lost / duplicated | failed runs | load generator CPU µs per delivery |");
            text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var scenario in scenarios)
            {
                foreach (var server in options.Servers)
                {
                    text.AppendLine(Row(scenario, server, Of(results, scenario, server)));
                }
            }

            text.AppendLine();
        }

        if (options.Scenarios.Contains(FanoutScenario.Ladder))
        {
            text.AppendLine(Invariant, $"Paced ladder (stops at the first step whose p99 passes {LadderRule.P99LimitMilliseconds:0} ms; p99 per step, median over the rounds that ran it):");
            text.AppendLine();
            text.AppendLine(Invariant, $"| server | highest step with p99 ≤ {LadderRule.P99LimitMilliseconds:0} ms (deliveries/s) | p99 at {LadderRule.ComparedRate / 1000:0}k/s ms | p99 ms by step | failed runs |");
            text.AppendLine("|---|--:|--:|---|--:|");
            foreach (var server in options.Servers)
            {
                var runs = Of(results, FanoutScenario.Ladder, server);
                var ok = runs.Where(r => !r.Failed).ToList();
                var bySteps = options.LadderRates
                    .Select(rate => (rate, p99: ok.SelectMany(r => r.Steps).Where(s => s.Rate == rate).Select(s => s.Latency.P99).ToList()))
                    .Where(x => x.p99.Count > 0)
                    .Select(x => string.Create(Invariant, $"{x.rate / 1000:0.#}k: {Statistics.Median(x.p99):0}"));
                text.AppendLine(Invariant,
                    $"| {server} | {Number(Median(ok, r => r.HighestPassed), "N0")} | {Number(Median(ok, r => r.P99AtComparedRate), "0.0")} | {string.Join(", ", bySteps)} | {runs.Count(r => r.Failed)} |");
            }

            text.AppendLine();
        }

        var others = options.Servers.Where(s => s != "blazorchat").ToList();
        if (options.Servers.Contains("blazorchat") && others.Count > 0)
        {
            text.AppendLine("Same-run ratios, BlazorChat ÷ each other server (ratio of the medians; the per-round range in brackets):");
            text.AppendLine();
            text.AppendLine($"| scenario | measure | {string.Join(" | ", others.Select(o => $"BlazorChat ÷ {o}"))} |");
            text.AppendLine($"|---|---|{string.Concat(others.Select(_ => "--:|"))}");
            foreach (var (scenario, measure, value) in Measures(options.Scenarios))
            {
                var cells = others.Select(o => RatioCell(Of(results, scenario, "blazorchat"), Of(results, scenario, o), value));
                text.AppendLine($"| {scenario} | {measure} | {string.Join(" | ", cells)} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static IEnumerable<(string Scenario, string Measure, Func<FanoutResult, double?> Value)> Measures(IReadOnlyList<string> scenarios)
    {
        foreach (var scenario in scenarios)
        {
            if (scenario == FanoutScenario.Ladder)
            {
                yield return (scenario, "highest step passed", r => r.HighestPassed);
                yield return (scenario, $"p99 at {LadderRule.ComparedRate / 1000:0}k/s", r => r.P99AtComparedRate);
                continue;
            }

            yield return (scenario, "deliveries/s", r => r.Measured?.DeliveriesPerSecond);
            yield return (scenario, "p99", r => r.Measured?.Latency.P99);
            yield return (scenario, "CPU per delivery", r => r.Measured?.CpuMicrosecondsPerDelivery);
            yield return (scenario, "segments per delivery", r => r.Measured?.SegmentsPerDelivery);
        }
    }

    private static string Row(string scenario, string server, IReadOnlyList<FanoutResult> runs)
    {
        var ok = runs.Where(r => !r.Failed && r.Measured is not null).ToList();
        var latency = $"{Number(Median(ok, r => r.Measured!.Latency.P50), "0.0")} / {Number(Median(ok, r => r.Measured!.Latency.P99), "0.0")} / {Number(Median(ok, r => r.Measured!.Latency.Max), "0")}";
        var lost = runs.Sum(r => r.Measured?.Lost ?? 0);
        var duplicated = runs.Sum(r => r.Measured?.Duplicates ?? 0);
        return $"| {scenario} | {server} | {Number(Median(ok, r => r.Measured!.DeliveriesPerSecond), "N0")} | {latency} | " +
               $"{Number(Median(ok, r => r.Measured!.CpuMicrosecondsPerDelivery), "0.00")} | {Number(Median(ok, r => r.Measured!.RssMegabytes), "0")} | " +
               $"{Number(Median(ok, r => r.Measured!.SegmentsPerDelivery), "0.000")} | {lost} / {duplicated} | {runs.Count(r => r.Failed)} | " +
               $"{Number(Median(ok, r => r.Measured!.LoadGeneratorMicrosecondsPerDelivery), "0.00")} |";
    }

    /// <summary>The ratio of the medians, and the range of the per-round ratios (rounds where both runs passed).</summary>
    private static string RatioCell(IReadOnlyList<FanoutResult> ours, IReadOnlyList<FanoutResult> theirs, Func<FanoutResult, double?> value)
    {
        var ourOk = ours.Where(r => !r.Failed).ToList();
        var theirOk = theirs.Where(r => !r.Failed).ToList();
        var (a, b) = (Median(ourOk, value), Median(theirOk, value));
        if (a is null || b is null || b == 0)
        {
            return "—";
        }

        var perRound = ourOk.Join(theirOk, r => r.Round, r => r.Round, (x, y) => (x: value(x), y: value(y)))
            .Where(p => p.x is not null && p.y is > 0).Select(p => p.x!.Value / p.y!.Value).ToList();
        var cell = string.Create(Invariant, $"{a / b:0.00}×");
        return perRound.Count < 2 ? cell : cell + string.Create(Invariant, $" ({perRound.Min():0.00}–{perRound.Max():0.00})");
    }

    private static double? Median(IEnumerable<FanoutResult> runs, Func<FanoutResult, double?> value)
    {
        var values = runs.Select(value).Where(v => v is not null && !double.IsNaN(v.Value)).Select(v => v!.Value).ToList();
        return values.Count == 0 ? null : Statistics.Median(values);
    }

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, Invariant) : "—";

    private static List<FanoutResult> Of(IReadOnlyList<FanoutResult> results, string scenario, string server) =>
        [.. results.Where(r => r.Scenario == scenario && r.Server == server)];
}
