using System.Globalization;

namespace BlazorChat.LoadGen.Connections;

/// <summary>A process's memory, open files and open-file limit, from Linux's /proc.</summary>
internal static class ProcessFacts
{
    /// <summary>Resident set size (VmRSS) in KB, or null once the process is gone.</summary>
    public static long? RssKb(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>Whether the process still runs (a reaped child leaves no /proc entry; a zombie says so).</summary>
    public static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/status") && ReadOrNull($"/proc/{pid}/status")?.Contains("\nState:\tZ", StringComparison.Ordinal) == false;

    /// <summary>How many files the process has open.</summary>
    public static int OpenFiles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The soft "Max open files" limit of the process, or null.</summary>
    public static int? OpenFileLimit(int pid)
    {
        var line = ReadOrNull($"/proc/{pid}/limits")?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    private static long? StatusField(int pid, string field)
    {
        var line = ReadOrNull($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var value = line?[field.Length..].Trim().Split(' ')[0];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
