using System.Diagnostics;
using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// The repository's <c>dotnet-gcdump</c> (a local tool, <c>dotnet-tools.json</c>) against the server process. Collecting a
/// dump makes the runtime run a full, blocking, compacting GC first (it asks over the diagnostics port, which every
/// .NET process has unless <c>DOTNET_EnableDiagnostics=0</c>), so it is also how a Release build is made to collect
/// its garbage before its RSS is read; the dump's report gives the live managed heap and what fills it.
/// </summary>
internal static class GcDump
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Runs <c>dotnet tool restore</c> once, so that the tool is there; throws if it cannot be.</summary>
    public static async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(["tool", "restore"], cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed:\n{output}");
        }
    }

    /// <summary>Forces a full GC in <paramref name="pid"/> and returns what its live heap holds.</summary>
    /// <param name="keepAs">Where to keep the dump (for <c>dotnet-gcdump report</c> by hand), or null to delete it.</param>
    public static async Task<HeapReport> CollectAsync(int pid, string? keepAs, CancellationToken cancellationToken)
    {
        var file = keepAs ?? Path.Combine(Path.GetTempPath(), $"blazorchat-circuits-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            var (code, output) = await RunAsync(["tool", "run", "dotnet-gcdump", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file], cancellationToken);
            if (code != 0 || !File.Exists(file))
            {
                throw new InvalidOperationException($"dotnet-gcdump collect failed:\n{output}");
            }

            (code, output) = await RunAsync(["tool", "run", "dotnet-gcdump", "report", file], cancellationToken);
            return code == 0 ? HeapReport.Parse(output) : throw new InvalidOperationException($"dotnet-gcdump report failed:\n{output}");
        }
        finally
        {
            if (keepAs is null && File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in the repository root (so local tools resolve).</summary>
    internal static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The folder of <c>dotnet-tools.json</c> above this build (where <c>dotnet tool run</c> finds the tool).</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
