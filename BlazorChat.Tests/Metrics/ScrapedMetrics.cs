using System.Globalization;

namespace BlazorChat.Tests.Metrics;

/// <summary>The Prometheus text of one scrape, read sample by sample (<c>name{labels} value</c>).</summary>
internal sealed class ScrapedMetrics(string text)
{
    public string Text { get; } = text;

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue; // another metric whose name starts with this one
            }

            var labelEnd = rest[0] == '{' ? rest.IndexOf('}', StringComparison.Ordinal) + 1 : 0;
            if (labels.All(l => rest[..labelEnd].Contains(l, StringComparison.Ordinal)))
            {
                var value = rest[labelEnd..].Trim().Split(' ')[0];
                total += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public bool Has(string name) => Text.Split('\n').Any(l => l.StartsWith(name, StringComparison.Ordinal));
}
