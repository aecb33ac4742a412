namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// One server's value against another's over the same rounds: the ratio of the medians, and the range of the per-round
/// ratios (each round's two runs ran one after the other on the same machine, so their ratio is what noise spares).
/// </summary>
internal sealed record SameRunRatio(double OfMedians, double Lowest, double Highest, int Rounds)
{
    /// <summary>Null when the two have no round in common or a median is not positive.</summary>
    public static SameRunRatio? Of(IReadOnlyDictionary<int, double> value, IReadOnlyDictionary<int, double> reference)
    {
        var rounds = value.Keys.Intersect(reference.Keys).Where(r => reference[r] > 0).Order().ToList();
        var median = Statistics.Median([.. value.Values]);
        var referenceMedian = Statistics.Median([.. reference.Values]);
        if (rounds.Count == 0 || !(referenceMedian > 0))
        {
            return null;
        }

        var perRound = rounds.Select(r => value[r] / reference[r]).ToList();
        return new SameRunRatio(median / referenceMedian, perRound.Min(), perRound.Max(), rounds.Count);
    }

    /// <summary>"0.42×", or "0.42× (0.31–0.55)" over several rounds; "12×" from 10 on.</summary>
    public override string ToString() => Rounds < 2
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Format(OfMedians)}×")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Format(OfMedians)}× ({Format(Lowest)}–{Format(Highest)})");

    private static string Format(double ratio) => ratio.ToString(ratio >= 10 ? "0" : "0.00", System.Globalization.CultureInfo.InvariantCulture);
}
