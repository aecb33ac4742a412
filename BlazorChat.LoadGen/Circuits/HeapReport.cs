using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>What <c>dotnet-gcdump report</c> says of a dump: the live managed heap and its largest types.</summary>
internal sealed record HeapReport(long TotalBytes, IReadOnlyList<HeapType> Types)
{
    /// <summary>
    /// Parses the report: a table of <c>Object Bytes  Count  Type</c> rows, largest first, after a line of the total
    /// (<c>12,345,678  GC Heap bytes</c>). Unknown lines are skipped.
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
                types.Add(new HeapType(parts[2].Trim(), bytes, count));
            }
        }

        return new HeapReport(total > 0 ? total : types.Sum(t => t.Bytes), types);
    }
}

/// <summary>One type's live objects: their bytes (shallow) and how many.</summary>
internal sealed record HeapType(string Name, long Bytes, long Count);
