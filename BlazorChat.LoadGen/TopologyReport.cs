using System.Globalization;
using System.Text;

namespace BlazorChat.LoadGen;

/// <summary>The multi-node comparison as Markdown, ready to paste into docs/benchmarks.md, with a verdict for each target.</summary>
internal static class TopologyReport
{
    private const double ThroughputTarget = 0.85;
    private static readonly TimeSpan P50Target = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan P99Target = TimeSpan.FromMilliseconds(20);

    public static string Render(IReadOnlyList<TopologyRow> rows, LoadGenOptions options, RunFacts facts)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Command: `{facts.Command}`  ");
        text.AppendLine(inv, $"Machine: {MachineFacts.Describe()}; load average {facts.LoadBefore} before, {facts.LoadAfter} after  ");
        text.AppendLine(inv, $"Stores: {facts.Database}; Redis at {options.Redis?.Split(',')[0] ?? "—"}  ");
        text.Append(inv, $"Load: {options.Clients} clients, one socket each (two nodes: client i on node i % 2); ");
        text.Append(inv, $"warm-up (checked, not measured) = 4 other users × {options.WarmupMessages} direct messages, then {options.ScenarioWarmupMessages} messages per client in the scenario; ");
        text.Append(inv, $"flood = {options.Messages} messages per client, at most {options.Window} unacknowledged per socket; ");
        text.Append(inv, $"then paced = {options.PacedMessages} messages per client, {options.Rate:0.#} msg/s from all clients together. ");
        text.Append(inv, $"{options.Rounds} round(s), one run of each topology per round on fresh nodes, the order rotating; ");
        text.AppendLine("medians over the rounds; ratios are of the medians, against one-inmemory (per-round range in brackets)");
        text.AppendLine();
        text.Append("| scenario | topology | msg/s | deliveries/s | vs one-inmemory | server CPU µs / delivery | vs one-inmemory ");
        text.AppendLine("| flood p50 / p99 ms | paced p50 / p99 ms | paced same-node p50 / p99 ms | paced cross-node p50 / p99 ms | checks |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var row in rows)
        {
            var baseline = Baseline(rows, row);
            var checks = row.Failed ? $"FAILED ({row.Runs.Count(r => r.Problems.Count > 0)} of {row.Runs.Count} runs)" : $"passed ({row.Runs.Count} runs)";
            var measured = row.Failed
                ? "— | — | — | — | — | — | — | — | —"
                : string.Join(" | ",
                    Number(row.Median(r => r.Flood.MessagesPerSecond), "N0"),
                    Number(row.Median(r => r.Flood.DeliveriesPerSecond), "N0"),
                    Ratio(row, baseline, r => r.Flood.DeliveriesPerSecond),
                    Number(row.Median(r => r.ServerMicrosecondsPerDelivery), "0.0"),
                    Ratio(row, baseline, r => r.ServerMicrosecondsPerDelivery),
                    Latencies(row, r => r.Flood.Delivery),
                    Latencies(row, r => r.Paced.Delivery),
                    Latencies(row, r => r.Paced.SameNode),
                    row.Topology.Nodes > 1 ? Latencies(row, r => r.Paced.CrossNode) : "—");
            text.AppendLine(inv, $"| {row.Scenario.Name} | {row.Topology.Name} | {measured} | {checks} |");
        }

        text.AppendLine();
        text.AppendLine("CPU seconds during the flood (medians), by process, and how busy all cores were:");
        text.AppendLine();
        text.AppendLine("| scenario | topology | flood s | node 0 | node 1 | load generator | Redis | PostgreSQL backends | all cores busy | Redis PUBLISH per message |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var row in rows.Where(r => !r.Failed))
        {
            var elapsed = Number(row.Median(r => r.Flood.DeliveryElapsed.TotalSeconds), "0.00");
            var node1 = row.Topology.Nodes > 1 ? Cpu(row, c => c.Nodes[1]) : "—";
            var redis = row.Topology.Redis ? Cpu(row, c => c.Redis) : "—";
            var busy = Number(100 * row.Median(r => r.Flood.Cpu?.MachineBusyShare ?? double.NaN), "0");
            text.Append(inv, $"| {row.Scenario.Name} | {row.Topology.Name} | {elapsed} | {Cpu(row, c => c.Nodes[0])} | {node1} ");
            var publishes = row.Topology.Redis
                ? Number(row.Median(r => r.Flood.Cpu is { } cpu ? (double)cpu.RedisPublishes / r.Flood.Messages : double.NaN), "0.00")
                : "—";
            text.AppendLine(inv, $"| {Cpu(row, c => c.LoadGenerator)} | {redis} | {Cpu(row, c => c.Postgres)} | {busy} % | {publishes} |");
        }

        text.AppendLine();
        text.AppendLine("Targets:");
        text.AppendLine();
        foreach (var scenario in rows.Select(r => r.Scenario).Distinct())
        {
            foreach (var verdict in Verdicts([.. rows.Where(r => r.Scenario == scenario)]))
            {
                text.AppendLine(inv, $"- {scenario.Name}: {verdict}");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Verdicts(IReadOnlyList<TopologyRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var inMemory = rows.FirstOrDefault(r => r.Topology == Topology.OneInMemory && !r.Failed);
        var oneRedis = rows.FirstOrDefault(r => r.Topology == Topology.OneRedis && !r.Failed);
        var twoRedis = rows.FirstOrDefault(r => r.Topology == Topology.TwoRedis && !r.Failed);
        if (inMemory is not null && oneRedis is not null)
        {
            var (ratio, min, max) = oneRedis.RatioTo(inMemory, r => r.Flood.MessagesPerSecond);
            var range = oneRedis.Runs.Count > 1 ? string.Create(inv, $" (rounds: {min:P0}–{max:P0})") : "";
            yield return new StringBuilder()
                .Append(inv, $"one node on Redis keeps {ratio:P0}{range} of the in-memory throughput ")
                .Append(inv, $"(target ≥ {ThroughputTarget:P0}): {Met(ratio >= ThroughputTarget)}").ToString();
        }

        if (inMemory is not null && twoRedis is not null)
        {
            var paced = twoRedis.Median(r => r.Paced.DeliveriesPerSecond);
            foreach (var (name, target, of) in new (string, TimeSpan, Func<Percentiles, TimeSpan>)[] { ("p50", P50Target, p => p.P50), ("p99", P99Target, p => p.P99) })
            {
                var baseline = Ms(inMemory, r => of(r.Paced.Delivery));
                var cross = Ms(twoRedis, r => of(r.Paced.CrossNode));
                var same = Ms(twoRedis, r => of(r.Paced.SameNode));
                yield return new StringBuilder()
                    .Append(inv, $"across nodes (paced, {paced:N0} deliveries/s) {name} {cross:0.0} ms against {baseline:0.0} ms on one in-memory node: ")
                    .Append(inv, $"{cross - baseline:+0.0;-0.0} ms (target ≤ +{target.TotalMilliseconds:0} ms): {Met(cross - baseline <= target.TotalMilliseconds)}; ")
                    .Append(inv, $"against the same runs' same-node deliveries {cross - same:+0.0;-0.0} ms").ToString();
            }
        }
    }

    private static TopologyRow Baseline(IReadOnlyList<TopologyRow> rows, TopologyRow row) =>
        rows.FirstOrDefault(r => r.Scenario == row.Scenario && r.Topology == Topology.OneInMemory && !r.Failed) ?? row;

    private static string Ratio(TopologyRow row, TopologyRow baseline, Func<TopologyRun, double> value)
    {
        if (ReferenceEquals(row, baseline) || baseline.Failed)
        {
            return row.Topology == Topology.OneInMemory ? "1.00" : "—";
        }

        var (ratio, min, max) = row.RatioTo(baseline, value);
        return row.Runs.Count < 2 ? Number(ratio, "0.00") : string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00} ({min:0.00}–{max:0.00})");
    }

    private static string Latencies(TopologyRow row, Func<TopologyRun, Percentiles> of) =>
        $"{Number(Ms(row, r => of(r).P50), "0.0")} / {Number(Ms(row, r => of(r).P99), "0.0")}";

    private static double Ms(TopologyRow row, Func<TopologyRun, TimeSpan> of) => row.Median(r => of(r).TotalMilliseconds);

    private static string Cpu(TopologyRow row, Func<CpuUsage, TimeSpan> of) =>
        Number(row.Median(r => r.Flood.Cpu is { } cpu ? of(cpu).TotalSeconds : double.NaN), "0.00");

    private static string Met(bool met) => met ? "**met**" : "**missed**";


    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

}

/// <summary>What the report says about how and where it was measured.</summary>
internal sealed record RunFacts(string Command, string LoadBefore, string LoadAfter, string Database);
