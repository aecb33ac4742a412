using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// A server's cumulative costs at one moment, from Linux: CPU (utime + stime, /proc/PID/stat), resident memory
/// (VmRSS, /proc/PID/status) and the TCP segments its sockets on its port have sent (the sum of <c>segs_out</c> of
/// <c>ss -tinH state established '( sport = :PORT )'</c>: the server's side of every connection, nobody else's) —
/// and this load generator's own CPU, to show whether the client side could have been the bottleneck.
/// </summary>
internal sealed partial record ServerReadings(TimeSpan Cpu, long RssBytes, long SegmentsOut, int Sockets, TimeSpan LoadGeneratorCpu)
{
    public static async Task<ServerReadings> TakeAsync(IFanoutServer server, CancellationToken cancellationToken)
    {
        var cpu = ProcessCpu.Of(server.ProcessId);
        var (segments, sockets) = await SegmentsOutAsync(server.Port, cancellationToken);
        return new ServerReadings(cpu, RssOf(server.ProcessId), segments, sockets, ProcessCpu.Of(Environment.ProcessId));
    }

    /// <summary>VmRSS of a process, in bytes, or 0 once it is gone.</summary>
    public static long RssOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The summed <c>segs_out</c> of the established TCP sockets whose local port is <paramref name="port"/>, and how many there are.</summary>
    public static async Task<(long Segments, int Sockets)> SegmentsOutAsync(int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ss") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-tinH", "state", "established", $"( sport = :{port} )" })
        {
            start.ArgumentList.Add(argument);
        }

        using var ss = Process.Start(start) ?? throw new InvalidOperationException("ss did not start.");
        var output = await ss.StandardOutput.ReadToEndAsync(cancellationToken);
        await ss.WaitForExitAsync(cancellationToken);
        return SumSegments(output);
    }

    /// <summary>Sums every <c>segs_out:N</c> of <c>ss -ti</c> output, one per socket.</summary>
    public static (long Segments, int Sockets) SumSegments(string ssOutput)
    {
        long segments = 0;
        var sockets = 0;
        foreach (Match match in SegsOut().Matches(ssOutput))
        {
            segments += long.Parse(match.Groups[1].ValueSpan);
            sockets++;
        }

        return (segments, sockets);
    }

    [GeneratedRegex(@"\bsegs_out:(\d+)")]
    private static partial Regex SegsOut();
}
