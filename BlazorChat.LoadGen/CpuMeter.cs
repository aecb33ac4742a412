namespace BlazorChat.LoadGen;

/// <summary>
/// Takes CPU readings of everything a run involves — each server node, this load generator, the Redis server, the
/// PostgreSQL backends serving the run's database, and the whole machine — so that a phase's cost can be split, and
/// counts Redis's PUBLISH commands. The Redis figures include whatever other clients of that Redis did meanwhile; the
/// machine figure, everyone's.
/// </summary>
internal sealed class CpuMeter(IReadOnlyList<int> nodePids, string? redisPort, RedisStats? redisStats, string? databaseName)
{
    public async Task<CpuSample> TakeAsync()
    {
        var publishes = redisStats is null ? (0, 0) : await redisStats.PublishesAsync();
        return new CpuSample(
            [.. nodePids.Select(ProcessCpu.Of)],
            ProcessCpu.Of(Environment.ProcessId),
            redisPort is null ? TimeSpan.Zero : ProcessCpu.OfMatching("redis-server", ":" + redisPort),
            databaseName is null ? TimeSpan.Zero : ProcessCpu.OfMatching("postgres: ", " " + databaseName + " "),
            ProcessCpu.Machine(),
            publishes);
    }
}

/// <summary>One reading of <see cref="CpuMeter"/>: cumulative CPU times and PUBLISH counts.</summary>
internal sealed record CpuSample(
    IReadOnlyList<TimeSpan> Nodes, TimeSpan LoadGenerator, TimeSpan Redis, TimeSpan Postgres, (TimeSpan Busy, TimeSpan Total) Machine,
    (long Calls, long Microseconds) Publishes)
{
    /// <summary>What was spent between <paramref name="start"/> and this reading.</summary>
    public CpuUsage Since(CpuSample start) => new(
        [.. Nodes.Zip(start.Nodes, (now, then) => now - then)],
        LoadGenerator - start.LoadGenerator,
        Redis - start.Redis,
        Postgres - start.Postgres,
        Machine.Busy - start.Machine.Busy,
        Machine.Total - start.Machine.Total)
    {
        RedisPublishes = Publishes.Calls - start.Publishes.Calls,
        RedisPublishTime = TimeSpan.FromMicroseconds(Publishes.Microseconds - start.Publishes.Microseconds),
    };
}

/// <summary>CPU spent during one measured phase, by whom.</summary>
internal sealed record CpuUsage(
    IReadOnlyList<TimeSpan> Nodes, TimeSpan LoadGenerator, TimeSpan Redis, TimeSpan Postgres, TimeSpan MachineBusy, TimeSpan MachineTotal)
{
    /// <summary>PUBLISH commands Redis executed (from any client).</summary>
    public long RedisPublishes { get; init; }

    /// <summary>The time Redis spent executing them.</summary>
    public TimeSpan RedisPublishTime { get; init; }

    /// <summary>All server nodes together.</summary>
    public TimeSpan Servers => Nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node);

    /// <summary>How busy all cores were, 0 to 1.</summary>
    public double MachineBusyShare => MachineTotal > TimeSpan.Zero ? MachineBusy / MachineTotal : 0;
}
