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

    /// <summary>The nodes, started on first use; fails under CI, skips elsewhere, without PostgreSQL and Redis.</summary>
    public async Task<ClusterNodes> NodesAsync()
    {
        ClusterNodes.RequireServers();
        await _starting.WaitAsync();
        try
        {
            return _nodes ??= await ClusterNodes.StartAsync(NodeCount, Settings, Redis);
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

/// <summary>Three nodes, each reaching Redis through a proxy of its own.</summary>
public sealed class ThreeNodes : ClusterFixture
{
    protected override int NodeCount => 3;
}

/// <summary>The cluster tests run one class at a time: each class has several server processes of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
