using System.Text;

namespace BlazorChat.LoadGen.Connections;

/// <summary>The connections results as a Markdown fragment: medians over the rounds, and same-run ratios against the references.</summary>
internal static class ConnectionsReport
{
    private static readonly string[] References = ["kestrel", "node"];

    public static string Render(
        IReadOnlyList<StormResult> storms, IReadOnlyList<IdleResult> idles, IReadOnlyList<OverLimitResult> overLimit, ConnectionsOptions options,
        string command, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        var servers = options.Servers;
        text.AppendLine("### Connections: connect storm, idle density, past the fd limit");
        text.AppendLine();
        Line(text, $"Command: `{command}`  ");
        Line(text, $"Machine: {MachineFacts.Describe()}; load average {loadBefore} before, {loadAfter} after; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  ");
        Line(text, $"{options.Rounds} round(s), each server a fresh process per run, the order rotating per round; medians over the rounds; " +
            $"ratios are of the medians, the per-round range in brackets. Clients: one process, {options.Concurrency} connects in flight, " +
            $"from {options.Sources} source addresses (127.0.0.2…); BlazorChat clients sign in with a bearer token (obtained beforehand) as one of " +
            $"{options.Users} users and count as connected once they have read `hello`; the references' once the socket is open. " +
            $"{options.Warmup} connections opened and closed first in every run, then a wait for the server to go quiet (below 0.05 cores for a second, at most 90 s: its JIT's background tier-up done).");

        if (storms.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| connect storm | server | first connect → last connected s | connects/s | server CPU s | CPU ms per connect | presence frames (by the last connect / in all) | time ÷ kestrel | time ÷ node | CPU ÷ kestrel | checks |");
            text.AppendLine("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
            foreach (var size in options.StormSizes)
            {
                foreach (var server in servers)
                {
                    var all = storms.Where(s => s.Clients == size && s.Server == server).ToList();
                    var runs = all.Where(r => r.Problems.Count == 0).ToList();
                    if (runs.Count == 0)
                    {
                        Failed(text, size, server, columns: 9, all);
                        continue;
                    }

                    var ofSize = storms.Where(s => s.Clients == size).ToList();
                    var presence = server is "blazorchat" or "baseline"
                        ? $"{Median(runs, r => r.PresenceAtLastConnect):N0} / {Median(runs, r => r.Presence):N0}"
                        : "—";
                    Line(text, $"| {size:N0} | {server} | {Median(runs, r => r.Elapsed.TotalSeconds):0.00} | {Median(runs, r => r.ConnectsPerSecond):N0} | " +
                        $"{Median(runs, r => r.ServerCpu.TotalSeconds):0.00} | {Median(runs, r => r.ServerCpu.TotalMilliseconds / r.Clients):0.000} | {presence} | " +
                        $"{Ratio(ofSize, server, "kestrel", r => r.Elapsed.TotalSeconds)} | {Ratio(ofSize, server, "node", r => r.Elapsed.TotalSeconds)} | " +
                        $"{Ratio(ofSize, server, "kestrel", r => r.ServerCpu.TotalSeconds)} | {Checks(all)} |");
                }
            }
        }

        if (idles.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| idle connections | server | KB per connection | server RSS MB | idle cores | frames while idle | KB ÷ kestrel | KB ÷ node | idle cores ÷ kestrel | checks |");
            text.AppendLine("|--:|---|--:|--:|--:|--:|--:|--:|--:|---|");
            foreach (var size in options.IdleSizes)
            {
                foreach (var server in servers)
                {
                    var all = idles.Where(s => s.Connections == size && s.Server == server).ToList();
                    var runs = all.Where(r => r.Problems.Count == 0).ToList();
                    if (runs.Count == 0)
                    {
                        Failed(text, size, server, columns: 8, all);
                        continue;
                    }

                    var ofSize = idles.Where(s => s.Connections == size).ToList();
                    Line(text, $"| {size:N0} | {server} | {Median(runs, r => r.KbPerConnection):0.0} | {Median(runs, r => r.RssMb):0} | " +
                        $"{Median(runs, r => r.IdleCores):0.000} | {Median(runs, r => r.FramesWhileIdle):N0} | {Ratio(ofSize, server, "kestrel", r => r.KbPerConnection)} | " +
                        $"{Ratio(ofSize, server, "node", r => r.KbPerConnection)} | {Ratio(ofSize, server, "kestrel", r => r.IdleCores)} | {Checks(all)} |");
                }
            }
        }

        if (overLimit.Count > 0)
        {
            text.AppendLine();
            Line(text, $"Past the fd limit (round 1): clients try the server's open-file limit + {options.OverLimit:N0} connections from " +
                "client processes of at most 15,000 sockets each (no process here may raise its own limit: `ulimit -n` is 20,000, soft and hard, " +
                "and root lacks CAP_SYS_RESOURCE); with all held, the server's cores over 5 s and what one more client sees; then up to " +
                $"{OverLimitProbe.Released:N0} clients leave and a fresh client must be served. A .NET process holds about 180 files before its " +
                "first socket (the runtime keeps each loaded assembly open), Node about 20.");
            text.AppendLine();
            text.AppendLine("| server | fd limit | attempts | connected | what the others saw | server cores at the limit | open files at the limit | one more client, at the limit | a fresh client, after some left | server |");
            text.AppendLine("|---|--:|--:|--:|---|--:|--:|---|---|---|");
            foreach (var r in overLimit)
            {
                var saw = r.Failures.Count == 0 ? "—" : string.Join("; ", r.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value:N0} × {f.Key}"));
                Line(text, $"| {r.Server} | {r.Limit:N0} | {r.Attempts:N0} | {r.Connected:N0} | {saw} | {r.CoresAtLimit:0.00} | {r.FilesAtLimit:N0} | " +
                    $"{r.FreshAtLimit} | {r.FreshAfterRelease} ({r.Released:N0} left) | {(r.Alive ? "still running" : $"**exited**: {LastLine(r.Output)}")} |");
            }
        }

        return text.ToString();
    }

    private static void Failed<T>(StringBuilder text, int size, string server, int columns, IReadOnlyList<T> all) where T : IRunResult
    {
        if (all.Count > 0)
        {
            Line(text, $"| {size:N0} | {server} |{string.Concat(Enumerable.Repeat(" — |", columns - 1))} {Checks(all)} |");
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.Replace("|", "\\|", StringComparison.Ordinal) ?? "";

    private static string Checks<T>(IReadOnlyList<T> runs) where T : IRunResult
    {
        var failed = runs.Count(r => r.Problems.Count > 0);
        return failed == 0 ? $"passed ({runs.Count})" : $"**FAILED** ({failed} of {runs.Count})";
    }

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> value) => Statistics.Median([.. runs.Select(value)]);

    private static string Ratio<T>(IReadOnlyList<T> runs, string server, string reference, Func<T, double> value) where T : IRunResult
    {
        if (References.Contains(server) || !runs.Any(r => r.Server == reference))
        {
            return "—";
        }

        var ratio = SameRunRatio.Of(ByRound(runs, server, value), ByRound(runs, reference, value));
        return ratio?.ToString() ?? "—";
    }

    private static Dictionary<int, double> ByRound<T>(IReadOnlyList<T> runs, string server, Func<T, double> value) where T : IRunResult =>
        runs.Where(r => r.Server == server && r.Problems.Count == 0).GroupBy(r => r.Round).ToDictionary(g => g.Key, g => value(g.First()));

    // The command sets the invariant culture, so numbers read alike everywhere.
    private static void Line(StringBuilder text, string line) => text.AppendLine(line);
}
