using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Before each measurement: a few connections opened and closed, so the measured ones meet JIT-compiled code, then
/// a wait until the server has let go of them (its open files back to where they were), bounded.
/// </summary>
internal static class WarmUp
{
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchServer server, ConnectionOpener opener, int connections, CancellationToken cancellationToken)
    {
        var filesBefore = ProcessFacts.OpenFiles(server.ProcessId);
        if (connections > 0)
        {
            var opened = await opener.OpenAsync(server.SocketUri, 0, connections, server.TokenOf, new FrameTally(), cancellationToken);
            opened.CloseAll();
            if (opened.Failures.Count > 0)
            {
                throw new InvalidOperationException($"warm-up: {opened.Failures.Count} of {connections} clients failed to connect: {opened.DescribeFailures()}");
            }
        }

        await SettledAsync(server.ProcessId, filesBefore, cancellationToken);
    }

    /// <summary>Waits until the server holds at most <paramref name="files"/> (+ a few) open files, then a second more.</summary>
    public static async Task SettledAsync(int pid, int files, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (ProcessFacts.OpenFiles(pid) > files + 8 && waited.Elapsed < SettleDeadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
    }
}
