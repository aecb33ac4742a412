namespace BlazorChat.LoadGen;

/// <summary>
/// The server nodes of one run, as a <see cref="Topology"/> says: each a child process with its own copy of the data
/// directory, all on one copy of the accounts' PostgreSQL database, and with Redis on a channel prefix of this run's
/// own (so runs and other users of the same Redis never hear each other). Disposing kills them all, then deletes the data.
/// </summary>
internal sealed class ServerNodes : IAsyncDisposable
{
    private readonly List<ServerProcess> _servers = [];
    private readonly List<ServerData> _data = [];

    private ServerNodes(string? redisPort) => RedisPort = redisPort;

    public IReadOnlyList<ServerProcess> Servers => _servers;

    /// <summary>The port of the Redis server, to find its process; null without Redis.</summary>
    public string? RedisPort { get; }

    /// <summary>The last lines of every node's output, to explain a failure.</summary>
    public string RecentOutput => string.Join("\n", _servers.Select((s, i) => $"--- node {i} ---\n{s.RecentOutput}"));

    /// <summary>Starts the nodes one after another (the first applies nothing new: the copy is already migrated).</summary>
    public static async Task<ServerNodes> StartAsync(
        string serverDll, AccountTemplate accounts, Topology topology, string? redis, CancellationToken cancellationToken)
    {
        var nodes = new ServerNodes(topology.Redis ? PortOf(redis!) : null);
        try
        {
            var data = await accounts.CopyDataAsync(cancellationToken);
            nodes._data.Add(data);
            var prefix = $"loadgen-{Guid.NewGuid():N}";
            for (var i = 0; i < topology.Nodes; i++)
            {
                var nodeData = i == 0 ? data : data.ShareDatabase();
                if (i > 0)
                {
                    nodes._data.Add(nodeData);
                }

                IReadOnlyList<string> backplane = topology.Redis
                    ? ["--Backplane:Provider", "Redis", "--ConnectionStrings:Redis", redis!,
                       "--Backplane:NodeName", $"{prefix}-node{i}", "--Backplane:ChannelPrefix", prefix]
                    : [];
                nodes._servers.Add(await ServerProcess.StartAsync(serverDll, nodeData, maxBatchSize: null, backplane, cancellationToken: cancellationToken));
            }

            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    /// <summary>A meter of these nodes, the Redis server and the PostgreSQL backends of their database.</summary>
    public CpuMeter Meter(RedisStats? redisStats) =>
        new([.. _servers.Select(s => s.ProcessId)], RedisPort, RedisPort is null ? null : redisStats, _data.FirstOrDefault()?.Database?.Name);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_servers.Select(s => s.DisposeAsync().AsTask()));

        // The nodes that share the database first; the first node's data owns it and drops it.
        for (var i = _data.Count - 1; i >= 0; i--)
        {
            await _data[i].DisposeAsync();
        }
    }

    /// <summary>The port of the first endpoint of a StackExchange.Redis configuration string (6379 if none is given).</summary>
    private static string PortOf(string redis)
    {
        var endpoint = redis.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        return colon >= 0 ? endpoint[(colon + 1)..] : "6379";
    }
}
