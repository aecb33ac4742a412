using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>
/// The multi-node comparison (<c>--topology</c>): for each scenario, rounds of one run per topology, each on fresh
/// nodes over a fresh copy of the same accounts, in an order that rotates from round to round so that a machine
/// getting busier or quieter favours none. Every phase of every run is checked (<see cref="RunCheck"/>).
/// </summary>
internal sealed class TopologyComparison(LoadGenOptions options, string serverDll, CancellationToken interrupted)
{
    private RedisStats? _redisStats; // while RunAsync runs, if a topology uses Redis

    public async Task<IReadOnlyList<TopologyRow>> RunAsync(IReadOnlyList<string> warmupUsers, IReadOnlyList<string> loadUsers)
    {
        Console.Error.WriteLine($"Registering {warmupUsers.Count + loadUsers.Count} users on postgres…");
        await using var accounts = await AccountTemplate.CreateAsync(serverDll, options.Postgres, [.. warmupUsers, .. loadUsers], interrupted);
        var topologies = options.Topologies!;
        await using var redisStats = topologies.Any(t => t.Redis) ? await RedisStats.ConnectAsync(options.Redis!) : null;
        _redisStats = redisStats;
        var rows = new List<TopologyRow>();
        foreach (var scenario in options.Scenarios)
        {
            var runs = topologies.ToDictionary(t => t, _ => new List<TopologyRun>());
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var i = 0; i < topologies.Count; i++)
                {
                    var topology = topologies[(i + round) % topologies.Count];
                    runs[topology].Add(await MeasureAsync(accounts, scenario, topology, warmupUsers, loadUsers));
                }
            }

            rows.AddRange(topologies.Select(t => new TopologyRow(scenario, t, runs[t])));
        }

        return rows;
    }

    private async Task<TopologyRun> MeasureAsync(
        AccountTemplate accounts, Scenario scenario, Topology topology, IReadOnlyList<string> warmupUsers, IReadOnlyList<string> loadUsers)
    {
        Console.Error.Write($"{scenario.Name} on {topology.Name}: ");
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        deadline.CancelAfter(options.Timeout);
        TopologyRun result;
        try
        {
            await using var nodes = await ServerNodes.StartAsync(serverDll, accounts, topology, options.Redis, deadline.Token);
            try
            {
                result = await MeasureOnAsync(nodes, accounts.Tokens, scenario, warmupUsers, loadUsers, deadline.Token);
            }
            catch (Exception ex) when (!interrupted.IsCancellationRequested)
            {
                result = TopologyRun.Failed($"{Why(ex)}\n{nodes.RecentOutput}");
            }
        }
        catch (Exception ex) when (!interrupted.IsCancellationRequested)
        {
            result = TopologyRun.Failed(Why(ex));
        }

        Console.Error.WriteLine(result.Problems.Count > 0
            ? $"FAILED ({result.Problems.Count} problems)"
            : $"{result.Flood.MessagesPerSecond:N0} msg/s, {result.Flood.DeliveriesPerSecond:N0} deliveries/s, " +
              $"{result.ServerMicrosecondsPerDelivery:0.0} µs server CPU per delivery; paced {options.Rate:0} msg/s: " +
              $"p50 {Ms(result.Paced.Delivery.P50)} / p99 {Ms(result.Paced.Delivery.P99)} ms" +
              (result.Paced.CrossNode.Count > 0 ? $" (cross-node {Ms(result.Paced.CrossNode.P50)} / {Ms(result.Paced.CrossNode.P99)})" : "") +
              $" ({clock.Elapsed.TotalSeconds:0} s in all)");
        return result;

        string Why(Exception ex) =>
            deadline.IsCancellationRequested ? $"did not finish within {options.Timeout.TotalSeconds:0} s" : $"{ex.GetType().Name}: {ex.Message}";
    }

    /// <summary>Warm-up (checked, not measured), the flood, then the paced phase, on the same nodes.</summary>
    private async Task<TopologyRun> MeasureOnAsync(
        ServerNodes nodes, IReadOnlyDictionary<string, string> tokens, Scenario scenario,
        IReadOnlyList<string> warmupUsers, IReadOnlyList<string> loadUsers, CancellationToken cancellationToken)
    {
        // The warm-up pairs straddle the nodes too, so both have run the cross-node path before the clock starts.
        var warmup = await LoadRun.RunAsync(
            nodes.Servers, tokens, new LoadPhase(Scenario.DirectPairs, warmupUsers, options.WarmupMessages, options.Window), null, cancellationToken);
        if (warmup.Problems.Count > 0)
        {
            return TopologyRun.Failed("warm-up: " + warmup.Problems[0]);
        }

        // Then the measured scenario itself, unmeasured: without it the flood's first seconds go to the JIT (tiering up
        // the fan-out, Redis and second-node paths: ~1,000 methods a second for ~10 s on a busy machine, by dotnet-counters).
        var scenarioWarmup = options.ScenarioWarmupMessages == 0 ? null : await LoadRun.RunAsync(
            nodes.Servers, tokens, new LoadPhase(scenario, loadUsers, options.ScenarioWarmupMessages, options.Window) { Tag = "warm" }, null,
            cancellationToken);
        if (scenarioWarmup?.Problems.Count > 0)
        {
            return TopologyRun.Failed("scenario warm-up: " + scenarioWarmup.Problems[0]);
        }

        // Written as the flood starts, for whoever wants to attach a profiler (dotnet-trace, dotnet-counters) to a node.
        Console.Error.Write($"[node pids {string.Join(" ", nodes.Servers.Select(s => s.ProcessId))}] ");
        var meter = nodes.Meter(_redisStats);
        var flood = await LoadRun.RunAsync(
            nodes.Servers, tokens,
            new LoadPhase(scenario, loadUsers, options.Messages, options.Window) { SeqsBefore = scenarioWarmup?.SeqsAfter ?? new Dictionary<string, int>() },
            meter, cancellationToken);
        if (flood.Problems.Count > 0)
        {
            return new TopologyRun(flood, RunResult.Failed("not run, as the flood failed"));
        }

        var paced = new LoadPhase(scenario, loadUsers, options.PacedMessages, options.Window) { Rate = options.Rate, SeqsBefore = flood.SeqsAfter, Tag = "paced" };
        return new TopologyRun(flood, await LoadRun.RunAsync(nodes.Servers, tokens, paced, meter, cancellationToken));
    }

    private static string Ms(TimeSpan latency) => latency.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
