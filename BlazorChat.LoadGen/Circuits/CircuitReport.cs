using System.Globalization;
using System.Text;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>The circuits measurement as a Markdown fragment for docs/benchmarks.md.</summary>
internal static class CircuitReport
{
    /// <summary>Microsoft's guidance for an idle Blazor Server circuit ("about 250 KB").</summary>
    public const double GuidanceKilobytes = 250;

    /// <summary>Issue #11's target for an idle chat circuit with 1,000 registered users.</summary>
    public const double TargetKilobytes = 150;

    private const int TypesShown = 15;

    public static string Render(IReadOnlyList<MemorySample> samples, CircuitOptions options, IReadOnlyList<string> args, string loadBefore, string loadAfter)
    {
        var baseline = samples[0];
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Command: `dotnet run -c Release --project BlazorChat.LoadGen -- circuits{string.Concat(args.Select(a => " " + a))}`  "));
        text.AppendLine(Invariant($"Machine: {MachineFacts.Describe()}; load average {loadBefore} before, {loadAfter} after  "));
        text.Append(Invariant($"Server: SQLite, {options.Users:N0} registered users, the server's own GC settings (its runtimeconfig); "));
        text.AppendLine(
            "every tab a different signed-in user on the chat page (desktop size: the drawer with rooms and people shown), idle after its first render. " +
            "Each row is after a full blocking GC forced by `dotnet-gcdump collect`; per circuit = (row − baseline) / circuits, the baseline being " +
            "the server with one warm-up tab open.");
        text.AppendLine();
        text.AppendLine("| idle circuits | server RSS MB | RSS per circuit KB | managed heap MB | heap per circuit KB |");
        text.AppendLine("|--:|--:|--:|--:|--:|");
        foreach (var sample in samples)
        {
            var rssPer = sample == baseline ? "—" : Kb(sample.PerCircuit(baseline, s => s.ResidentBytes));
            var heapPer = sample == baseline ? "—" : Kb(sample.PerCircuit(baseline, s => s.Heap.TotalBytes));
            text.AppendLine(Invariant(
                $"| {(sample == baseline ? "0 (baseline)" : sample.Circuits.ToString(CultureInfo.InvariantCulture))} | {Mb(sample.ResidentBytes)} | {rssPer} | {Mb(sample.Heap.TotalBytes)} | {heapPer} |"));
        }

        var rssSlope = MemorySample.Slope(samples, s => s.ResidentBytes) / 1024;
        var heapSlope = MemorySample.Slope(samples, s => s.Heap.TotalBytes) / 1024;
        text.AppendLine();
        text.AppendLine(Invariant(
            $"**Per idle circuit (least-squares slope over the rows): {rssSlope:N0} KB of RSS, {heapSlope:N0} KB of managed heap**, with {options.Users:N0} registered users. ") + Invariant(
            $"Reference: Microsoft's guidance of ~{GuidanceKilobytes:0} KB per circuit; issue #11's target ≤ {TargetKilobytes:0} KB."));
        text.AppendLine();
        text.Append(TopGrowth(baseline, samples[^1]));
        return text.ToString();
    }

    /// <summary>The types whose live bytes grew most from the baseline to the last row, per circuit.</summary>
    private static string TopGrowth(MemorySample baseline, MemorySample last)
    {
        var circuits = last.Circuits - baseline.Circuits;
        if (circuits <= 0)
        {
            return "";
        }

        var before = baseline.Heap.Types.ToDictionary(t => t.Name);
        var growth = last.Heap.Types
            .Select(t => (t.Name, Bytes: t.Bytes - (before.GetValueOrDefault(t.Name)?.Bytes ?? 0), Count: t.Count - (before.GetValueOrDefault(t.Name)?.Count ?? 0)))
            .OrderByDescending(t => t.Bytes)
            .Take(TypesShown)
            .ToList();

        var text = new StringBuilder();
        text.AppendLine(Invariant($"What grew most in the managed heap, per circuit (shallow sizes, as `dotnet-gcdump report` approximates them; the counts are exact; baseline → {last.Circuits} circuits):"));
        text.AppendLine();
        text.AppendLine("| type | ≈ bytes per circuit | objects per circuit |");
        text.AppendLine("|---|--:|--:|");
        foreach (var (name, bytes, count) in growth)
        {
            text.AppendLine(Invariant($"| `{name.Replace("|", "\\|", StringComparison.Ordinal)}` | {bytes / (double)circuits:N0} | {count / (double)circuits:N1} |"));
        }

        return text.ToString();
    }

    private static string Kb(double bytes) => double.IsNaN(bytes) ? "—" : (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
