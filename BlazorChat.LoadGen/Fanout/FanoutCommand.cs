using System.Diagnostics;
using System.Globalization;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// <c>fanout</c>: registers the users once per session (once more for a baseline build), then runs every scenario on
/// every server in rounds — each run on a fresh server process, the servers' order rotating from round to round — and
/// writes the Markdown fragment to <c>artifacts/bench/fanout.md</c> and stdout (progress to stderr). Any lost,
/// duplicated or out-of-order delivery, refused send or failed run makes the exit code 1.
/// </summary>
internal static class FanoutCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (options, error) = FanoutOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            return args.Any(a => a is "-h" or "--help") ? 0 : 2;
        }

        var paths = FanoutPaths.Resolve(options);
        if (paths.Missing(options.Servers) is { } missing)
        {
            Console.Error.WriteLine(missing);
            return 2;
        }

        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // stop the runs, so that every server is killed and its data deleted
            interrupted.Cancel();
        };

        var loadBefore = MachineFacts.LoadAverage() ?? "?";
        var users = Enumerable.Range(0, options.Clients).Select(FanoutLayout.UserName).ToArray();
        AccountTemplate? accounts = null, baselineAccounts = null;
        var results = new List<FanoutResult>();
        try
        {
            if (options.Servers.Contains("blazorchat"))
            {
                Console.Error.WriteLine($"Registering {users.Length} users on {paths.ServerDll}…");
                accounts = await AccountTemplate.CreateAsync(paths.ServerDll!, null, users, interrupted.Token);
            }

            if (options.Servers.Contains("baseline"))
            {
                Console.Error.WriteLine($"Registering {users.Length} users on the baseline {options.BaselineDll}…");
                baselineAccounts = await AccountTemplate.CreateAsync(options.BaselineDll!, null, users, interrupted.Token);
            }

            for (var round = 0; round < options.Rounds; round++)
            {
                var order = options.Servers.Skip(round % options.Servers.Count).Concat(options.Servers.Take(round % options.Servers.Count)).ToList();
                foreach (var scenario in options.Scenarios.Select(s => FanoutScenario.Create(s, options)))
                {
                    foreach (var server in order)
                    {
                        var tokens = server switch { "blazorchat" => accounts!.Tokens, "baseline" => baselineAccounts!.Tokens, _ => null };
                        results.Add(await MeasureAsync(server, scenario, round, tokens, options, paths, accounts, baselineAccounts, interrupted.Token));
                    }
                }
            }
        }
        finally
        {
            if (accounts is not null)
            {
                await accounts.DisposeAsync();
            }

            if (baselineAccounts is not null)
            {
                await baselineAccounts.DisposeAsync();
            }
        }

        var facts = new FanoutFacts(
            MarkdownReport.Command(["fanout", .. args]), MachineFacts.Describe(), NodeVersion(), loadBefore, MachineFacts.LoadAverage() ?? "?", DateTime.UtcNow);
        var report = FanoutReport.Render(results, options, facts);
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Output)!);
        await File.WriteAllTextAsync(paths.Output, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"Written to {paths.Output}");

        var problems = results.SelectMany(r => r.Problems).ToList();
        foreach (var problem in problems.Take(30))
        {
            Console.Error.WriteLine("FAILED " + problem);
        }

        if (problems.Count > 30)
        {
            Console.Error.WriteLine($"… and {problems.Count - 30} more problems.");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<FanoutResult> MeasureAsync(
        string server, FanoutScenario scenario, int round, IReadOnlyDictionary<string, string>? tokens, FanoutOptions options, FanoutPaths paths,
        AccountTemplate? accounts, AccountTemplate? baselineAccounts, CancellationToken cancellationToken)
    {
        Console.Error.Write($"{scenario.Name} on {server} (round {round + 1}): ");
        var clock = Stopwatch.StartNew();
        FanoutResult result;
        try
        {
            await using IFanoutServer running = server switch
            {
                "blazorchat" => await BlazorChatServer.StartAsync(server, paths.ServerDll!, accounts!, cancellationToken),
                "baseline" => await BlazorChatServer.StartAsync(server, options.BaselineDll!, baselineAccounts!, cancellationToken),
                "kestrel" => await ReferenceServer.StartKestrelAsync(paths.KestrelDll!, cancellationToken),
                _ => await ReferenceServer.StartNodeAsync(paths.NodeScript!, paths.NodeModules!, cancellationToken),
            };
            result = await FanoutRun.RunAsync(running, scenario, round, tokens, options, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = FanoutResult.Failure(server, scenario.Name, round, $"{scenario.Name} on {server} (round {round + 1}): {ex.Message}");
        }

        var m = result.Measured;
        Console.Error.WriteLine(result.Failed
            ? $"FAILED ({result.Problems.Count} problems: {result.Problems[0].Split('\n')[0]})"
            : scenario.IsLadder
                ? string.Create(CultureInfo.InvariantCulture, $"highest step passed {result.HighestPassed:N0}/s ({clock.Elapsed.TotalSeconds:0} s in all)")
                : string.Create(CultureInfo.InvariantCulture,
                    $"{m!.DeliveriesPerSecond:N0} deliveries/s, p50 {m.Latency.P50:0.0} / p99 {m.Latency.P99:0.0} ms, {m.CpuMicrosecondsPerDelivery:0.00} µs CPU " +
                    $"and {m.SegmentsPerDelivery:0.000} segments per delivery, RSS {m.RssMegabytes:0} MB, load generator {m.LoadGeneratorMicrosecondsPerDelivery:0.00} µs CPU per delivery ({clock.Elapsed.TotalSeconds:0} s in all)"));
        return result;
    }

    private static string NodeVersion()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
