using System.Globalization;
using System.Text.RegularExpressions;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>What <c>dotnet-gcdump report</c> says of a dump: the live managed heap and its largest types.</summary>
internal sealed partial record HeapReport(long TotalBytes, IReadOnlyList<HeapType> Types)
{
    /// <summary>
    /// Parses the report: a line of the total (<c>12,345,678  GC Heap bytes</c>), then rows of <c>Object Bytes  Count
    /// Type</c>, where the bytes are of one object (on average) and a type has a row per size class (<c>(Bytes > 10K)</c>):
    /// here a type's rows are summed into one, bytes times count. Unknown lines are skipped.
    /// </summary>
    public static HeapReport Parse(string report)
    {
        long total = 0;
        var types = new List<HeapType>();
        foreach (var raw in report.Split('\n'))
        {
            var line = raw.Trim();
            if (line.EndsWith("GC Heap bytes", StringComparison.Ordinal))
            {
                _ = long.TryParse(line.Split(' ', 2)[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out total);
                continue;
            }

            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes)
                && long.TryParse(parts[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count))
            {
                types.Add(new HeapType(SizeClass().Replace(parts[2], "").Trim(), bytes * count, count));
            }
        }

        var merged = types.GroupBy(t => t.Name).Select(g => new HeapType(g.Key, g.Sum(t => t.Bytes), g.Sum(t => t.Count))).ToList();
        return new HeapReport(total > 0 ? total : merged.Sum(t => t.Bytes), merged);
    }

    [GeneratedRegex(@"\s*\(Bytes > \d+K\)")]
    private static partial Regex SizeClass();
}

/// <summary>One type's live objects: their bytes (shallow, all together) and how many.</summary>
internal sealed record HeapType(string Name, long Bytes, long Count);
