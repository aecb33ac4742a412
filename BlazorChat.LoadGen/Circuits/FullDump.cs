using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// The repository's <c>dotnet-dump</c> (a local tool, <c>dotnet-tools.json</c>): a heap dump of the server for
/// <c>dotnet-dump analyze</c>. Unlike a gcdump's report it has every object's real size and its roots, which is what
/// attributing a circuit's bytes to their owners needs. It does not collect garbage itself: take it right after a
/// gcdump (whose full GC leaves only live objects) or use <c>dumpheap -live</c>.
/// </summary>
internal static class FullDump
{
    /// <summary>Writes a heap dump of <paramref name="pid"/> to <paramref name="path"/>; throws if it could not.</summary>
    public static async Task CollectAsync(int pid, string path, CancellationToken cancellationToken)
    {
        var (code, output) = await GcDump.RunAsync(
            ["tool", "run", "dotnet-dump", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--type", "Heap", "-o", path],
            cancellationToken);
        if (code != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"dotnet-dump collect failed:\n{output}");
        }
    }
}
