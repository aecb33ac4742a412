using System.Globalization;
using BlazorChat.LoadGen.Circuits;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// <c>--dumps DIR</c>: the server's heap at one point of an idle run, for an exact diff of what its sockets hold. A
/// gcdump first (its full, blocking GC leaves only live objects, and its report gives the live heap), then the RSS after
/// that GC and its map (<c>/proc/PID/smaps</c>), then a <c>dotnet-dump</c> heap dump (every object's real size, and roots for <c>gcroot</c>).
/// </summary>
internal static class IdleDumps
{
    /// <summary>Dumps the server as <c>{server}-r{round}-{what}</c> into <paramref name="directory"/>; one line to stderr.</summary>
    public static async Task TakeAsync(BenchServer server, int round, string what, string directory, CancellationToken cancellationToken)
    {
        var stem = Path.Combine(Directory.CreateDirectory(directory).FullName, $"{server.Name}-r{round}-{what}");
        var heap = await GcDump.CollectAsync(server.ProcessId, stem + ".gcdump", cancellationToken);
        var rssKb = ProcessFacts.RssKb(server.ProcessId) ?? 0;
        File.Copy($"/proc/{server.ProcessId}/smaps", stem + ".smaps", overwrite: true); // where the RSS is: GC regions, native heaps, code
        await FullDump.CollectAsync(server.ProcessId, stem + ".dmp", cancellationToken);
        var line = string.Create(CultureInfo.InvariantCulture, $"{server.Name} r{round} {what}: live heap {heap.TotalBytes / 1024.0:0} KB, RSS after its GC {rssKb:0} KB");
        Console.Error.Write($"[{line}] ");
        await File.AppendAllTextAsync(Path.Combine(directory, "dumps.txt"), line + "\n", cancellationToken);
    }
}
