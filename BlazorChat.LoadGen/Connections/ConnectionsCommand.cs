using System.Globalization;
using BlazorChat.LoadGen.Circuits;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// <c>connections</c>: per round, every storm size and every idle size on every server, each run on a fresh server
/// process, the servers' order rotating per round; in round 1 also the step past the fd limit. Progress to stderr, the
/// Markdown fragment to stdout and <c>--out</c>; exit code 1 if any check failed.
/// </summary>
internal static class ConnectionsCommand
{
    public const string Name = "connections";

    /// <summary>BlazorChat's per-user cap (<c>Chat:MaxConnectionsPerUser</c>, default 50), which the runs stay under.</summary>
    private const int MaxConnectionsPerUser = 50;

    /// <param name="args">The arguments after <c>connections</c>.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args is [HoldWorker.Flag, ..])
        {
            return await HoldWorker.RunAsync([.. args.Skip(1)]);
        }

        var (options, error) = ConnectionsOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            return args.Any(a => a is "-h" or "--help") ? 0 : 2;
        }

        var paths = ServerPaths.Resolve(options);
        var problem = paths.Missing(options.Servers) ?? TooFew(options);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // stop the runs, so that every server is killed and its data deleted
            interrupted.Cancel();
        };

        if (options.Dumps is not null)
        {
            await GcDump.RestoreAsync(interrupted.Token);
        }

        var loadBefore = MachineFacts.LoadAverage() ?? "?";
        var accounts = new Dictionary<string, AccountSet>(StringComparer.Ordinal);
        var storms = new List<StormResult>();
        var idles = new List<IdleResult>();
        var overLimit = new List<OverLimitResult>();
        var problems = new List<string>();
        try
        {
            foreach (var build in options.Servers.Where(s => s is "blazorchat" or "baseline"))
            {
                var dll = build == "baseline" ? paths.BaselineDll! : paths.BlazorChatDll;
                Console.Error.Write($"Accounts: {options.Users} users on {build} ({dll}): ");
                accounts[build] = await AccountSet.LoadOrRegisterAsync(
                    dll, options.Users, Path.Combine(paths.RepoRoot, "artifacts", "bench", "accounts"), interrupted.Token);
                Console.Error.WriteLine(accounts[build].Reused ? "reused from artifacts/bench/accounts/" : "registered");
            }

            using var sources = new SourceAddresses(options.Sources);
            var opener = new ConnectionOpener(sources, options.Concurrency, options.ConnectTimeout);
            for (var round = 1; round <= options.Rounds; round++)
            {
                var order = Rotated(options.Servers, round - 1);
                foreach (var size in options.StormSizes)
                {
                    foreach (var server in order)
                    {
                        storms.Add(await RunAsync(server, $"round {round}, storm of {size:N0}", s => StormRun.RunAsync(s, round, size, opener, options.Warmup, Token(s)),
                            why => new StormResult(server, round, size, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, [why]),
                            r => $"{r.Elapsed.TotalSeconds:0.00} s, {r.ServerCpu.TotalSeconds:0.00} s CPU, {r.Presence:N0} presence frames"));
                    }
                }

                foreach (var size in options.IdleSizes)
                {
                    foreach (var server in order)
                    {
                        idles.Add(await RunAsync(server, $"round {round}, {size:N0} idle", s => IdleRun.RunAsync(s, round, size, opener, options.Warmup, options.IdleWindow, options.Dumps, Token(s)),
                            why => new IdleResult(server, round, size, 0, 0, 0, 0, [why]),
                            r => $"{r.KbPerConnection:0.0} KB per connection, {r.IdleCores:0.000} cores idle, {r.RssMb:0} MB"));
                    }
                }

                if (round == 1 && options.OverLimit > 0)
                {
                    foreach (var server in order)
                    {
                        overLimit.Add(await RunAsync(server, $"past the fd limit (+{options.OverLimit:N0})", s => OverLimitProbe.RunAsync(s, options.OverLimit, options, opener, Token(s)),
                            why => new OverLimitResult(server, 0, 0, 0, new Dictionary<string, int>(), 0, 0, "—", 0, "—", false, [why]),
                            r => $"{r.Connected:N0} of {r.Attempts:N0} connected, {r.CoresAtLimit:0.00} cores at the limit, after release: {r.FreshAfterRelease}",
                            options.LimitFds));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            problems.Add("interrupted");
        }
        finally
        {
            foreach (var set in accounts.Values)
            {
                await set.DisposeAsync();
            }
        }

        var report = ConnectionsReport.Render(storms, idles, overLimit, options, MarkdownReport.Command([Name, .. args]), loadBefore, MachineFacts.LoadAverage() ?? "?");
        var outPath = options.Out ?? Path.Combine(paths.RepoRoot, "artifacts", "bench", "connections.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"Written to {outPath}");

        problems.AddRange(storms.Concat<IRunResult>(idles).Concat(overLimit).SelectMany(r => r.Problems));
        foreach (var p in problems.Take(20))
        {
            Console.Error.WriteLine("FAILED " + p);
        }

        return problems.Count == 0 ? 0 : 1;

        // One run: a fresh server, the measurement, the server killed; a failure becomes the run's problem, not the session's end.
        async Task<T> RunAsync<T>(
            string server, string what, Func<BenchServer, Task<T>> measure, Func<string, T> failed, Func<T, string> describe, int? fdLimit = null)
            where T : IRunResult
        {
            Console.Error.Write($"{what}, {server}: ");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupted.Token);
            deadline.CancelAfter(options.Timeout);
            T result;
            try
            {
                await using var process = await BenchServer.StartAsync(server, paths, accounts.GetValueOrDefault(server), fdLimit, deadline.Token);
                try
                {
                    result = await measure(process);
                }
                catch (Exception ex) when (!interrupted.IsCancellationRequested)
                {
                    result = failed($"{server}, {what}: {Why(ex)}\n--- last server output ---\n{process.RecentOutput}");
                }
            }
            catch (Exception ex) when (!interrupted.IsCancellationRequested)
            {
                result = failed($"{server}, {what}: {Why(ex)}");
            }

            Console.Error.WriteLine(result.Problems.Count > 0 ? $"FAILED: {result.Problems[0]}" : describe(result));
            return result;

            string Why(Exception ex) => deadline.IsCancellationRequested ? $"did not finish within {options.Timeout.TotalSeconds:0} s" : ex.Message;
        }

        CancellationToken Token(BenchServer _) => interrupted.Token;
    }

    /// <summary>Why the sizes cannot run with these users, or null: BlazorChat caps the sockets of one user.</summary>
    private static string? TooFew(ConnectionsOptions options)
    {
        if (!options.Servers.Any(s => s is "blazorchat" or "baseline"))
        {
            return null;
        }

        var most = options.StormSizes.Concat(options.IdleSizes).Append(options.Warmup).Append(options.OverLimit > 0 ? (options.LimitFds ?? 20_000) + options.OverLimit + 1 : 0).Max();
        var perUser = (most + options.Users - 1) / options.Users;
        return perUser > MaxConnectionsPerUser
            ? $"{most:N0} connections over {options.Users:N0} users is {perUser} sockets per user, more than BlazorChat's {MaxConnectionsPerUser}: raise --users."
            : null;
    }

    private static List<string> Rotated(IReadOnlyList<string> servers, int by) =>
        [.. servers.Skip(by % servers.Count), .. servers.Take(by % servers.Count)];
}
