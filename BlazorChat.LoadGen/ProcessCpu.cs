namespace BlazorChat.LoadGen;

/// <summary>CPU time from Linux's /proc: of one process, of the processes whose command line matches, of the machine.</summary>
internal static class ProcessCpu
{
    // /proc reports in USER_HZ, which Linux fixes at 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system time of process <paramref name="pid"/> (all its threads), or zero once it is gone.</summary>
    public static TimeSpan Of(int pid) => Parse(Read($"/proc/{pid}/stat"));

    /// <summary>The summed CPU time of every process whose command line contains all of <paramref name="parts"/>.</summary>
    public static TimeSpan OfMatching(params string[] parts)
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            var commandLine = Read($"{directory}/cmdline")?.Replace('\0', ' ');
            if (commandLine is not null && parts.All(p => commandLine.Contains(p, StringComparison.Ordinal)))
            {
                total += Of(pid);
            }
        }

        return total;
    }

    /// <summary>Busy and total time of all cores together, from the first line of /proc/stat.</summary>
    public static (TimeSpan Busy, TimeSpan Total) Machine()
    {
        var line = Read("/proc/stat")?.Split('\n', 2)[0];
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = ticks.Sum();
        return (Seconds(total - ticks[3] - ticks[4]), Seconds(total));
    }

    private static TimeSpan Parse(string? stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
        var end = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || end < 0)
        {
            return TimeSpan.Zero;
        }

        var fields = stat[(end + 2)..].Split(' ');
        return Seconds(long.Parse(fields[11]) + long.Parse(fields[12]));
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }
}
