using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Before each measurement: connections opened and closed, so the measured ones meet JIT-compiled code, then a wait
/// until the server has let go of them (its open files back to where they were) and gone quiet (its CPU below
/// <see cref="QuietCores"/> for a second: a fresh .NET process goes on re-compiling hot methods at higher tiers in the
/// background for many seconds after the warm-up's connects — in a fresh BlazorChat half of a storm's CPU was that),
/// each bounded. A long-running server has done all of that long before; the measurement is of its steady state.
/// </summary>
internal static class WarmUp
{
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan QuietDeadline = TimeSpan.FromSeconds(90);

    private const double QuietCores = 0.05;

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
        await QuietAsync(pid, cancellationToken);
    }

    /// <summary>Waits until the process used less than <see cref="QuietCores"/> over a whole second, bounded.</summary>
    private static async Task QuietAsync(int pid, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < QuietDeadline)
        {
            var before = ProcessCpu.Of(pid);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if ((ProcessCpu.Of(pid) - before).TotalSeconds < QuietCores)
            {
                return;
            }
        }

        Console.Error.Write($"(not quiet after {QuietDeadline.TotalSeconds:0} s: measuring anyway) ");
    }
}
