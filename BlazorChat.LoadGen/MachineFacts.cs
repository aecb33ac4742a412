using System.Runtime.InteropServices;

namespace BlazorChat.LoadGen;

/// <summary>What the numbers depend on: cores, CPU, OS, runtime, and how busy the machine was.</summary>
internal static class MachineFacts
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} cores{CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>The 1-minute load average (Linux), or null: above the core count, others were competing for the CPU.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;

    private static string CpuModel()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model is null ? "" : $" ({model})";
    }
}
