using System.Diagnostics;
using System.Globalization;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// One scenario on one fresh server: connects every client (BlazorChat: token, hello, join), waits for the connects'
/// presence traffic to calm down, runs a checked warm-up phase, then the measured phase — or the ladder's steps, each
/// a phase of its own — and closes the clients. Any problem of any phase fails the run.
/// </summary>
internal static class FanoutRun
{
    private const int ParallelConnects = 16;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan QuietDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StepGrace = TimeSpan.FromSeconds(60);

    /// <summary>After the last phase, so that a late duplicate is still seen.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    public static async Task<FanoutResult> RunAsync(
        IFanoutServer server, FanoutScenario scenario, int round, IReadOnlyDictionary<string, string>? tokens, FanoutOptions options,
        CancellationToken cancellationToken)
    {
        var layout = scenario.Layout;
        var clients = new FanoutClient[layout.Clients];
        var problems = new List<string>();
        PhaseOutcome? measured = null;
        var steps = new List<LadderStep>();
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, layout.Clients), new ParallelOptions { MaxDegreeOfParallelism = ParallelConnects, CancellationToken = cancellationToken },
                async (i, ct) => clients[i] = await FanoutClient.ConnectAsync(server, layout, i, tokens?[FanoutLayout.UserName(i)], ct));
            await WaitForQuietAsync(clients, cancellationToken);

            var phases = new FanoutPhase(server, layout, clients);
            var warmup = await phases.RunAsync(
                1, Counts(layout, _ => scenario.WarmupPerSender), null, options.Window, options.Timeout, cancellationToken);
            problems.AddRange(warmup.Problems.Select(p => "warm-up: " + p));
            if (problems.Count == 0 && !scenario.IsLadder)
            {
                measured = await phases.RunAsync(
                    2, Counts(layout, _ => scenario.MessagesPerSender), null, options.Window, options.Timeout, cancellationToken);
                problems.AddRange(measured.Problems);
            }

            for (var step = 0; problems.Count == 0 && scenario.IsLadder && step < scenario.LadderRates!.Count && LadderRule.GoOn(steps); step++)
            {
                var rate = scenario.LadderRates[step];
                var (counts, messageRate) = LadderCounts(layout, rate, options.StepSeconds);
                var outcome = await phases.RunAsync(
                    2 + step, counts, messageRate, options.Window, TimeSpan.FromSeconds(options.StepSeconds) + StepGrace, cancellationToken);
                problems.AddRange(outcome.Problems);
                steps.Add(new LadderStep(rate, outcome.Latency, outcome.DeliveriesPerSecond));
                measured = outcome; // the last step: its server readings (RSS) are the ladder's
                Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"[{rate / 1000:0.#}k: p99 {outcome.Latency.P99:0} ms] "));
            }

            await Task.Delay(Settle, cancellationToken);
            if (phases.LateViolations is > 0 and var late)
            {
                problems.Add($"{late} deliveries arrived after the last phase had all it expected (duplicates or strays).");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            problems.Add($"{ex.GetType().Name}: {ex.Message}\n--- last output of {server.Name} ---\n{server.RecentOutput}");
        }
        finally
        {
            await Task.WhenAll(clients.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }

        problems.AddRange(clients.Where(c => c is not null).SelectMany(c => c.Surprises).Take(20));
        return new FanoutResult(server.Name, scenario.Name, round, measured, steps, [.. problems.Select(p => $"{scenario.Name} on {server.Name} (round {round + 1}): {p}")]);
    }

    /// <summary>
    /// A ladder step at <paramref name="deliveriesPerSecond"/>: the message rate that makes it (each message reaches
    /// every client of the one room) and each sender's share of the step's messages, round robin.
    /// </summary>
    public static (int[] Counts, double MessageRate) LadderCounts(FanoutLayout layout, double deliveriesPerSecond, double stepSeconds)
    {
        var messageRate = deliveriesPerSecond / layout.Clients;
        var total = Math.Max(1, (int)Math.Round(messageRate * stepSeconds));
        var senders = layout.Senders.ToArray();
        var counts = new int[layout.Clients];
        for (var k = 0; k < senders.Length; k++)
        {
            counts[senders[k]] = (total - k + senders.Length - 1) / senders.Length;
        }

        return (counts, messageRate);
    }

    private static int[] Counts(FanoutLayout layout, Func<int, int> perSender)
    {
        var counts = new int[layout.Clients];
        foreach (var sender in layout.Senders)
        {
            counts[sender] = perSender(sender);
        }

        return counts;
    }

    /// <summary>Waits until no socket has had a presence (or other) frame for <see cref="Quiet"/>: the connects have settled.</summary>
    private static async Task WaitForQuietAsync(IReadOnlyList<FanoutClient> clients, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < QuietDeadline)
        {
            var last = clients.Max(c => c.LastOtherFrameAt);
            if (last == 0 || Stopwatch.GetElapsedTime(last) >= Quiet)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
