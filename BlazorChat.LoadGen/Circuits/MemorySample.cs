namespace BlazorChat.LoadGen.Circuits;

/// <summary>The server's memory right after a full GC, with <paramref name="Circuits"/> idle tabs open beyond the warm-up one.</summary>
internal sealed record MemorySample(int Circuits, long ResidentBytes, HeapReport Heap)
{
    /// <summary>Bytes per circuit of <paramref name="measure"/> over <paramref name="baseline"/>.</summary>
    public double PerCircuit(MemorySample baseline, Func<MemorySample, long> measure) =>
        Circuits == baseline.Circuits ? double.NaN : (double)(measure(this) - measure(baseline)) / (Circuits - baseline.Circuits);

    /// <summary>The least-squares slope of <paramref name="measure"/> over the circuit count: bytes per circuit.</summary>
    public static double Slope(IReadOnlyList<MemorySample> samples, Func<MemorySample, long> measure)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }

        var meanX = samples.Average(s => (double)s.Circuits);
        var meanY = samples.Average(s => (double)measure(s));
        var covariance = samples.Sum(s => (s.Circuits - meanX) * (measure(s) - meanY));
        var variance = samples.Sum(s => (s.Circuits - meanX) * (s.Circuits - meanX));
        return covariance / variance;
    }
}
