using System.Diagnostics;
using System.Net;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// <c>circuits</c>: what an idle Blazor chat tab costs the server. One server on a copy of the registered accounts, one
/// browser; a warm-up tab first (so the JIT and the first render's caches are in the baseline, not in the tabs), then
/// tabs up to each step, each a different signed-in user on the chat page with its first render done. At the baseline
/// and at each step the server's garbage is collected in full and its RSS and live heap read.
/// </summary>
internal static class CircuitsCommand
{
    private static readonly TimeSpan TabDeadline = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (options, error) = CircuitOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            return args.Any(a => a is "-h" or "--help") ? 0 : 2;
        }

        var serverDll = options.ServerDll ?? ServerBuild.NextToLoadGenerator();
        if (serverDll is null)
        {
            Console.Error.WriteLine("BlazorChat.Web.dll was not found next to this build; pass --server-dll.");
            return 2;
        }

        using var cancel = new CancellationTokenSource(options.Timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // stop, so that the browser and the server are closed and the data deleted
            cancel.Cancel();
        };

        var loadBefore = MachineFacts.LoadAverage() ?? "?";
        try
        {
            var samples = await MeasureAsync(options, serverDll, cancel.Token);
            var report = CircuitReport.Render(samples, options, args, loadBefore, MachineFacts.LoadAverage() ?? "?");
            Console.WriteLine(report);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
            await File.WriteAllTextAsync(options.Output, report, CancellationToken.None);
            Console.Error.WriteLine($"Written to {Path.GetFullPath(options.Output)}");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"FAILED {(cancel.IsCancellationRequested ? $"not done within {options.Timeout.TotalSeconds:0} s" : ex.ToString())}");
            return 1;
        }
    }

    private static async Task<IReadOnlyList<MemorySample>> MeasureAsync(CircuitOptions options, string serverDll, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Server: {serverDll}");
        await GcDump.RestoreAsync(cancellationToken);

        string[] users = [.. Enumerable.Range(0, options.Users).Select(i => $"idle{i:D4}")];
        await using var data = await AccountsCache.FreshCopyAsync(options.AccountsCache, serverDll, users, cancellationToken);
        await using var server = await ServerProcess.StartAsync(serverDll, data, maxBatchSize: null, cancellationToken: cancellationToken);
        try
        {
            // Signing in is a user's cost, not a tab's: every user that will open a tab signs in before the baseline.
            var tabUsers = users.Take(options.Steps[^1] + 1).ToArray();
            var clock = Stopwatch.StartNew();
            Console.Error.WriteLine($"Signing {tabUsers.Length} users in through the login form…");
            var cookies = new Dictionary<string, IReadOnlyList<Cookie>>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(tabUsers, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (user, ct) =>
                {
                    var signedIn = await FormSignIn.SignInAsync(server.BaseAddress, user, ct);
                    lock (cookies)
                    {
                        cookies[user] = signedIn;
                    }
                });

            await using var tabs = await IdleTabs.LaunchAsync(server.BaseAddress);
            await tabs.OpenAsync(cookies[tabUsers[0]], TabDeadline);
            var samples = new List<MemorySample> { await SampleAsync(server, 0, options, cancellationToken) };
            var opened = 0;
            foreach (var step in options.Steps)
            {
                clock.Restart();
                await Parallel.ForEachAsync(
                    tabUsers.Skip(1 + opened).Take(step - opened),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
                    async (user, _) => await tabs.OpenAsync(cookies[user], TabDeadline));
                opened = step;
                Console.Error.Write($"{step} tabs open ({clock.Elapsed.TotalSeconds:0} s): ");
                samples.Add(await SampleAsync(server, step, options, cancellationToken));
            }

            return samples;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- last server output ---\n{server.RecentOutput}", ex);
        }
    }

    private static async Task<MemorySample> SampleAsync(ServerProcess server, int circuits, CircuitOptions options, CancellationToken cancellationToken)
    {
        await Quiet.WaitAsync(server.ProcessId, cancellationToken);
        var keep = options.KeepDumps is { } folder
            ? Path.Combine(Directory.CreateDirectory(folder).FullName, $"circuits-{circuits:D4}.gcdump")
            : null;
        var heap = await GcDump.CollectAsync(server.ProcessId, keep, cancellationToken);
        if (options.FullDumps is { } full)
        {
            await FullDump.CollectAsync(server.ProcessId, Path.Combine(Directory.CreateDirectory(full).FullName, $"circuits-{circuits:D4}.dmp"), cancellationToken);
        }

        var sample = new MemorySample(circuits, ProcessMemory.ResidentBytes(server.ProcessId), heap);
        Console.Error.WriteLine($"RSS {sample.ResidentBytes / 1048576.0:0.0} MB, managed heap {heap.TotalBytes / 1048576.0:0.0} MB after a full GC");
        return sample;
    }
}
