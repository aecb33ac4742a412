namespace BlazorChat.Tests.Cluster;

/// <summary>
/// A set of nodes shared by the tests of one class, started by the first test that asks (after it checked that the
/// servers are there) and stopped with the class.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private ClusterNodes? _nodes;

    protected abstract int NodeCount { get; }

    /// <summary>Settings of every node besides the cluster's own.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>The Redis server, when not the test script's.</summary>
    protected virtual string? Redis => null;

    /// <summary>Checks what the nodes need besides PostgreSQL and Redis, and starts it, before the first node starts.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>
    /// The nodes, started on first use, every one of them running (one a test killed is started again); fails under CI,
    /// skips elsewhere, without PostgreSQL and Redis.
    /// </summary>
    public async Task<ClusterNodes> NodesAsync()
    {
        ClusterNodes.RequireServers();
        await _starting.WaitAsync();
        try
        {
            if (_nodes is null)
            {
                await PrepareAsync();
                _nodes = await ClusterNodes.StartAsync(NodeCount, Settings, Redis);
            }

            foreach (var node in _nodes.Nodes.Where(n => !n.IsRunning))
            {
                await _nodes.RestartAsync(node.Index);
            }

            return _nodes;
        }
        finally
        {
            _starting.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        _starting.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Three nodes, each reaching Redis through a proxy of its own, shared by the classes of the cluster collection. They
/// notice a dead node quickly: heartbeats every second, dead after 8 s of silence (the defaults, 5 s and 15 s, make the
/// documented ~20 s). They never read ended sign-in sessions from the database during a test, so what a sign-out does on
/// another node is its notice's work alone.
/// </summary>
public sealed class ThreeNodes : ClusterFixture
{
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    protected override int NodeCount => 3;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:NodeTimeout"] = NodeTimeout.ToString(),
        ["Chat:HeartbeatInterval"] = HeartbeatInterval.ToString(),
        ["Chat:EndedSessionsRefreshInterval"] = TimeSpan.FromDays(1).ToString(),
    };
}

/// <summary>Two nodes on a Redis server of their own, which a test may stop and start again.</summary>
public sealed class NodesOnOwnRedis : ClusterFixture
{
    internal OwnRedis? Server { get; private set; }

    protected override int NodeCount => 2;

    protected override string? Redis => Server!.Server;

    protected override async Task PrepareAsync()
    {
        OwnRedis.SkipWithoutServer();
        Server = new OwnRedis();
        await Server.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>
/// The cluster tests run one at a time (each runs several server processes), and share one set of three nodes; a class
/// that needs other nodes has a class fixture of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ThreeNodes>
{
    public const string Name = "Cluster";
}
