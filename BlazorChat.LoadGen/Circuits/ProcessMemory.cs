using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>A process's resident memory, from Linux's <c>/proc/PID/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in bytes (the kernel reports it in kB), or zero when the process is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? 0 : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
