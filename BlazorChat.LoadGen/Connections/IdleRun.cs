using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Idle density: N connections held open while nothing happens. Server RSS per connection (the RSS delta over a
/// baseline taken after the warm-up, divided by N) and the cores the server uses over the idle window.
/// </summary>
internal static class IdleRun
{
    public static async Task<IdleResult> RunAsync(
        BenchServer server, int round, int connections, ConnectionOpener opener, int warmup, TimeSpan idleWindow, string? dumps, CancellationToken cancellationToken)
    {
        await WarmUp.RunAsync(server, opener, warmup, cancellationToken);
        if (dumps is not null)
        {
            await IdleDumps.TakeAsync(server, round, "before", dumps, cancellationToken);
        }

        var rssBefore = ProcessFacts.RssKb(server.ProcessId) ?? 0;
        var tally = new FrameTally();
        var opened = await opener.OpenAsync(server.SocketUri, 0, connections, server.TokenOf, tally, cancellationToken);
        var problems = new List<string>();
        if (opened.Failures.Count > 0)
        {
            problems.Add($"{server.Name}, {connections} idle: {opened.Failures.Count} clients failed to connect: {opened.DescribeFailures()}");
        }

        // Until the connects' own traffic (BlazorChat's presence frames) is over, it is not idle.
        await tally.QuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), cancellationToken);
        var framesBefore = tally.Frames;
        var cpuBefore = ProcessCpu.Of(server.ProcessId);
        var clock = Stopwatch.StartNew();
        await Task.Delay(idleWindow, cancellationToken);
        var cores = (ProcessCpu.Of(server.ProcessId) - cpuBefore) / clock.Elapsed;
        var rssAfter = ProcessFacts.RssKb(server.ProcessId) ?? 0;
        if (tally.ClosedByServer > 0)
        {
            problems.Add($"{server.Name}, {connections} idle: the server closed {tally.ClosedByServer} idle sockets");
        }

        if (!ProcessFacts.Alive(server.ProcessId))
        {
            problems.Add($"{server.Name}, {connections} idle: the server exited:\n{server.RecentOutput}");
        }

        if (dumps is not null)
        {
            await IdleDumps.TakeAsync(server, round, $"held{connections}", dumps, cancellationToken);
        }

        var held = opened.Sockets.Count;
        var result = new IdleResult(
            server.Name, round, connections, held == 0 ? 0 : (rssAfter - rssBefore) / (double)held, rssAfter / 1024.0, cores,
            tally.Frames - framesBefore, problems);
        opened.CloseAll();
        return result;
    }
}

/// <summary>One idle run: KB of server RSS per connection, the server's RSS with them, its cores while idle.</summary>
/// <param name="FramesWhileIdle">frames the clients received during the idle window (pings are not frames).</param>
internal sealed record IdleResult(
    string Server, int Round, int Connections, double KbPerConnection, double RssMb, double IdleCores, long FramesWhileIdle,
    IReadOnlyList<string> Problems) : IRunResult;

/// <summary>What every run reports: whose, which round, and what went wrong.</summary>
internal interface IRunResult
{
    string Server { get; }

    int Round { get; }

    IReadOnlyList<string> Problems { get; }
}
