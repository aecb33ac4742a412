using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorChat.LoadGen;

/// <summary>The results as Markdown, ready to paste into docs/benchmarks.md.</summary>
internal static partial class MarkdownReport
{
    public static string Render(IReadOnlyList<ComparisonRow> rows, LoadGenOptions options, IReadOnlyList<string> args, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{Command(args)}`  ");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {MachineFacts.Describe()}; load average {loadBefore} before, {loadAfter} after  ");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Window: {options.Window} unacknowledged sends per socket; reference = `Persistence:MaxBatchSize=1`, group commit = the default; " +
            $"{options.Rounds} round(s), each on fresh servers; msg/s and latencies are medians over the rounds, the ratio is of the medians (per-round range in brackets)");
        text.AppendLine();
        text.AppendLine("| scenario | provider | clients | messages | reference msg/s | group commit msg/s | ratio | reference p50 / p95 / p99 ms | group commit p50 / p95 / p99 ms |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            var measured = row.Failed
                ? "FAILED | FAILED | — | — | —"
                : $"{Rate(row.Reference)} | {Rate(row.GroupCommit)} | {Ratio(row)} | {Latencies(row.Reference)} | {Latencies(row.GroupCommit)}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario.Name} | {row.Provider} | {options.Clients} | {options.Clients * options.Messages} | {measured} |");
        }

        return text.ToString();
    }

    private static string Rate(IReadOnlyList<RunResult> runs) =>
        ComparisonRow.Median(runs, r => r.MessagesPerSecond).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(ComparisonRow row)
    {
        var ratio = row.Ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×";
        var rounds = row.RoundRatios.ToList();
        return rounds.Count < 2 ? ratio : ratio + string.Create(CultureInfo.InvariantCulture, $" ({rounds.Min():0.0}–{rounds.Max():0.0})");
    }

    private static string Latencies(IReadOnlyList<RunResult> runs) =>
        string.Join(" / ", new Func<RunResult, TimeSpan>[] { r => r.P50, r => r.P95, r => r.P99 }
            .Select(p => ComparisonRow.Median(runs, r => p(r).TotalMilliseconds).ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>The command that reruns this, with any password hidden.</summary>
    public static string Command(IReadOnlyList<string> args) =>
        $"dotnet run -c Release --project BlazorChat.LoadGen --{string.Concat(args.Select(Quote))}";

    /// <summary>An argument as a shell would need it, with any password hidden.</summary>
    private static string Quote(string arg)
    {
        var shown = Password().Replace(arg, "Password=…");
        return " " + (shown.Any(c => char.IsWhiteSpace(c) || c is ';' or '"' or '\'') ? $"\"{shown}\"" : shown);
    }

    [GeneratedRegex("Password=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}
