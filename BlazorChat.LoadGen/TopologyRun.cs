namespace BlazorChat.LoadGen;

/// <summary>
/// One run of one topology on fresh nodes: a flood (every client sends as fast as its window allows: throughput and
/// CPU per delivery), then a paced phase on the same nodes (a moderate, even rate: latency).
/// </summary>
internal sealed record TopologyRun(RunResult Flood, RunResult Paced)
{
    public IReadOnlyList<string> Problems =>
        [.. Flood.Problems.Select(p => "flood: " + p), .. Paced.Problems.Select(p => "paced: " + p)];

    public static TopologyRun Failed(string problem) => new(RunResult.Failed(problem), RunResult.Failed(problem));

    /// <summary>Server CPU (all nodes) per delivery of the flood, in microseconds.</summary>
    public double ServerMicrosecondsPerDelivery =>
        Flood.Cpu is { } cpu && Flood.Deliveries > 0 ? cpu.Servers.TotalMicroseconds / Flood.Deliveries : double.NaN;
}
