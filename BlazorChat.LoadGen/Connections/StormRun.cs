namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Connect storm: N clients connect as fast as the client allows (bounded concurrency); measured from the first connect
/// to the last client connected (for BlazorChat: its <c>hello</c> read), with the server's CPU over that time and the
/// frames the clients received until quiet (BlazorChat's <c>presence</c> frames: a user's first socket opening).
/// </summary>
internal static class StormRun
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    public static async Task<StormResult> RunAsync(
        BenchServer server, int round, int clients, ConnectionOpener opener, int warmup, CancellationToken cancellationToken)
    {
        await WarmUp.RunAsync(server, opener, warmup, cancellationToken);
        var tally = new FrameTally();
        var cpuBefore = ProcessCpu.Of(server.ProcessId);
        var opened = await opener.OpenAsync(server.SocketUri, 0, clients, server.TokenOf, tally, cancellationToken);
        var cpu = ProcessCpu.Of(server.ProcessId) - cpuBefore;
        var presenceAtLast = tally.Presence;
        var quiet = await tally.QuietAsync(Quiet, TimeSpan.FromSeconds(60), cancellationToken);
        var problems = new List<string>();
        if (opened.Failures.Count > 0)
        {
            problems.Add($"{server.Name}, storm of {clients}: {opened.Failures.Count} clients failed to connect: {opened.DescribeFailures()}");
        }

        if (tally.ClosedByServer > 0)
        {
            problems.Add($"{server.Name}, storm of {clients}: the server closed {tally.ClosedByServer} connected sockets");
        }

        if (!quiet)
        {
            problems.Add($"{server.Name}, storm of {clients}: frames were still arriving a minute after the last connect");
        }

        var result = new StormResult(server.Name, round, clients, opened.Elapsed, cpu, presenceAtLast, tally.Presence, tally.Frames, problems);
        opened.CloseAll();
        return result;
    }
}

/// <summary>One storm run: first connect → last connected, the server's CPU for it, and what the clients received.</summary>
/// <param name="PresenceAtLastConnect">presence frames received by the time the last client had connected.</param>
/// <param name="Presence">presence frames received in all, until a second passed without any frame.</param>
internal sealed record StormResult(
    string Server, int Round, int Clients, TimeSpan Elapsed, TimeSpan ServerCpu, long PresenceAtLastConnect, long Presence, long Frames,
    IReadOnlyList<string> Problems) : IRunResult
{
    public double ConnectsPerSecond => Clients / Elapsed.TotalSeconds;
}
