using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Past the server's open-file limit: clients try limit + extra connections (spread over client processes of at most
/// <see cref="PerProcess"/> sockets each, since no process here may raise its own limit past 20,000); then, with all of
/// them held, the server's CPU over a few seconds and what a fresh client sees; then one worker releases
/// <see cref="Released"/> sockets and a fresh client must be served (for BlazorChat: its hello) — the server must
/// refuse what it cannot hold, not crash or stop serving.
/// </summary>
internal static class OverLimitProbe
{
    public const int Released = 1000;
    private const int PerProcess = 15_000;
    private static readonly TimeSpan AtLimitWindow = TimeSpan.FromSeconds(5);

    public static async Task<OverLimitResult> RunAsync(
        BenchServer server, int extra, ConnectionsOptions options, ConnectionOpener opener, CancellationToken cancellationToken)
    {
        var pid = server.ProcessId;
        var limit = ProcessFacts.OpenFileLimit(pid) ?? throw new InvalidOperationException($"no open-file limit in /proc/{pid}/limits");
        var attempts = limit + extra;
        var tokensFile = server.UserTokens is null ? null : Path.GetTempFileName();
        var workers = new List<HoldWorkerProcess>();
        try
        {
            if (tokensFile is not null)
            {
                await File.WriteAllLinesAsync(tokensFile, server.UserTokens!, cancellationToken);
            }

            var processes = (attempts + PerProcess - 1) / PerProcess;
            for (var w = 0; w < processes; w++)
            {
                var first = w * attempts / processes;
                workers.Add(HoldWorkerProcess.Start(server.SocketUri, first, ((w + 1) * attempts / processes) - first, tokensFile, options));
            }

            await Task.WhenAll(workers.Select(w => w.ReadOutcomeAsync(cancellationToken)));
            var connected = workers.Sum(w => w.Connected);
            var failures = workers.SelectMany(w => w.Failures)
                .GroupBy(f => f.Key, f => f.Value).ToDictionary(g => g.Key, g => g.Sum(), StringComparer.Ordinal);

            var cpuBefore = ProcessCpu.Of(pid);
            var clock = Stopwatch.StartNew();
            await Task.Delay(AtLimitWindow, cancellationToken);
            var coresAtLimit = (ProcessCpu.Of(pid) - cpuBefore) / clock.Elapsed;
            var filesAtLimit = ProcessFacts.OpenFiles(pid);

            var atLimit = await FreshClientAsync(server, opener, attempts, cancellationToken);
            var releasing = workers.MaxBy(w => w.Connected)!;
            var released = Math.Min(Released, releasing.Connected);
            await releasing.ReleaseAsync(released, cancellationToken);
            var afterRelease = await FreshClientAsync(server, opener, attempts + 1, cancellationToken);
            var alive = ProcessFacts.Alive(pid);

            // What the references (and an older build) do here is reported; the current BlazorChat must refuse, not crash.
            var problems = new List<string>();
            var mustSurvive = server.Name == "blazorchat";
            if (mustSurvive && !alive)
            {
                problems.Add($"{server.Name}, past the fd limit: the server exited:\n{server.RecentOutput}");
            }
            else if (mustSurvive && afterRelease is not null)
            {
                problems.Add($"{server.Name}, past the fd limit: after {released} clients left, a fresh client still failed ({afterRelease})");
            }

            return new OverLimitResult(server.Name, limit, attempts, connected, failures, coresAtLimit, filesAtLimit, atLimit ?? "connected", released, afterRelease ?? "connected", alive, problems)
            {
                Output = alive ? "" : server.RecentOutput,
            };
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            if (tokensFile is not null)
            {
                File.Delete(tokensFile);
            }
        }
    }

    /// <summary>Null if a fresh client connected (and was closed again), else what it saw.</summary>
    private static async Task<string?> FreshClientAsync(BenchServer server, ConnectionOpener opener, int client, CancellationToken cancellationToken)
    {
        var opened = await opener.OpenAsync(server.SocketUri, client, 1, server.TokenOf, new FrameTally(), cancellationToken);
        opened.CloseAll();
        return opened.Failures.Count == 0 ? null : opened.Failures[0].What;
    }
}

/// <summary>What happened past the fd limit.</summary>
internal sealed record OverLimitResult(
    string Server, int Limit, int Attempts, int Connected, IReadOnlyDictionary<string, int> Failures, double CoresAtLimit, int FilesAtLimit,
    string FreshAtLimit, int Released, string FreshAfterRelease, bool Alive, IReadOnlyList<string> Problems) : IRunResult
{
    /// <summary>The server's last output lines, when it exited.</summary>
    public string Output { get; init; } = "";

    public int Round => 0;
}
