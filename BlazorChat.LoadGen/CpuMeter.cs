namespace BlazorChat.LoadGen;

/// <summary>
/// Takes CPU readings of everything a run involves — each server node, this load generator, the Redis server, the
/// PostgreSQL backends serving the run's database, and the whole machine — so that a phase's cost can be split.
/// The Redis figure includes whatever other clients of that Redis did meanwhile; the machine figure, everyone's.
/// </summary>
internal sealed class CpuMeter(IReadOnlyList<int> nodePids, string? redisPort, string? databaseName)
{
    public CpuSample Take() => new(
        [.. nodePids.Select(ProcessCpu.Of)],
        ProcessCpu.Of(Environment.ProcessId),
        redisPort is null ? TimeSpan.Zero : ProcessCpu.OfMatching("redis-server", ":" + redisPort),
        databaseName is null ? TimeSpan.Zero : ProcessCpu.OfMatching("postgres: ", " " + databaseName + " "),
        ProcessCpu.Machine());
}

/// <summary>One reading of <see cref="CpuMeter"/>: cumulative CPU times.</summary>
internal sealed record CpuSample(
    IReadOnlyList<TimeSpan> Nodes, TimeSpan LoadGenerator, TimeSpan Redis, TimeSpan Postgres, (TimeSpan Busy, TimeSpan Total) Machine)
{
    /// <summary>What was spent between <paramref name="start"/> and this reading.</summary>
    public CpuUsage Since(CpuSample start) => new(
        [.. Nodes.Zip(start.Nodes, (now, then) => now - then)],
        LoadGenerator - start.LoadGenerator,
        Redis - start.Redis,
        Postgres - start.Postgres,
        Machine.Busy - start.Machine.Busy,
        Machine.Total - start.Machine.Total);
}

/// <summary>CPU spent during one measured phase, by whom.</summary>
internal sealed record CpuUsage(
    IReadOnlyList<TimeSpan> Nodes, TimeSpan LoadGenerator, TimeSpan Redis, TimeSpan Postgres, TimeSpan MachineBusy, TimeSpan MachineTotal)
{
    /// <summary>All server nodes together.</summary>
    public TimeSpan Servers => Nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node);

    /// <summary>How busy all cores were, 0 to 1.</summary>
    public double MachineBusyShare => MachineTotal > TimeSpan.Zero ? MachineBusy / MachineTotal : 0;
}
