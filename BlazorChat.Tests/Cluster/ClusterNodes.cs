using System.Globalization;
using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;
using Npgsql;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// Several BlazorChat nodes as separate processes: one fresh PostgreSQL database, one Redis (a channel prefix of
/// their own), each node's Redis connection optionally through its own <see cref="TcpProxy"/>. All start at once (the
/// app takes turns on the database for its migrations); the cluster is ready when every node hears the others.
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    public const string PostgresVariable = "BLAZORCHAT_TEST_POSTGRES";

    private readonly string _database = $"bc_cluster_{Guid.NewGuid():N}";

    private ClusterNodes()
    {
    }

    public IReadOnlyList<ClusterNode> Nodes { get; private set; } = [];

    public ClusterNode this[int index] => Nodes[index];

    /// <summary>Every node's socket address, in node order: where a client may go.</summary>
    public IReadOnlyList<Uri> SocketUris => Nodes.Select(n => n.SocketUri).ToList();

    /// <summary>Fails under CI, skips elsewhere, when the test script's PostgreSQL or Redis is missing.</summary>
    public static void RequireServers()
    {
        PostgresStoreDatabase.SkipWithoutServer();
        TestRedis.SkipWithoutServer();
    }

    /// <param name="count">How many nodes.</param>
    /// <param name="settings">Settings every node gets besides the cluster's own (e.g. <c>Chat:NodeTimeout</c>).</param>
    /// <param name="redis">The Redis server (<c>host:port</c>); the test script's when null.</param>
    /// <param name="proxies">Whether each node reaches Redis through a proxy of its own, so a test can cut it off.</param>
    public static async Task<ClusterNodes> StartAsync(
        int count, IReadOnlyDictionary<string, string>? settings = null, string? redis = null, bool proxies = true)
    {
        var cluster = new ClusterNodes();
        try
        {
            var server = redis ?? TestRedis.Server;
            var redisPort = int.Parse(server[(server.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var prefix = TestRedis.NewPrefix();
            var nodes = new List<ClusterNode>();
            for (var i = 0; i < count; i++)
            {
                var proxy = proxies ? new TcpProxy(redisPort) : null;
                var redisAddress = proxy is null ? server : $"127.0.0.1:{proxy.BaseAddress.Port}";
                var name = $"node-{i}";
                var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
                {
                    ["Persistence:Provider"] = "Postgres",
                    ["ConnectionStrings:Chat"] = $"{Environment.GetEnvironmentVariable(PostgresVariable)};Database={cluster._database}",
                    ["Backplane:Provider"] = "Redis",
                    ["ConnectionStrings:Redis"] = $"{redisAddress},connectTimeout=2000",
                    ["Backplane:NodeName"] = name,
                    ["Backplane:ChannelPrefix"] = prefix,
                };
                nodes.Add(new ClusterNode(i, name, proxy, all));
            }

            cluster.Nodes = nodes;
            await Task.WhenAll(nodes.Select(n => n.StartAsync()));
            await Task.WhenAll(nodes.Select(n => n.WaitForBackplaneAsync(healthy: true)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new user (registered on <paramref name="node"/>, its token from the next node) connected to <paramref name="node"/>.</summary>
    internal async Task<ChatClient> NewClientAsync(int node, string prefix, bool reconnects = true)
    {
        using var registrar = Nodes[node].Api();
        var name = await registrar.NewUserAsync(prefix);
        using var issuer = Nodes[(node + 1) % Nodes.Count].Api();
        return await ChatClient.ConnectAsync(0, name, await issuer.TokenAsync(name), SocketUris, node, reconnects);
    }

    /// <summary>Another client of an existing user, on <paramref name="node"/>.</summary>
    internal async Task<ChatClient> AnotherClientAsync(string user, int node, bool reconnects = true)
    {
        using var issuer = Nodes[node].Api();
        return await ChatClient.ConnectAsync(0, user, await issuer.TokenAsync(user), SocketUris, node, reconnects);
    }

    /// <summary>Starts a node again that was killed (on the same port), and waits until it hears the others.</summary>
    public async Task RestartAsync(int index)
    {
        var node = Nodes[index];
        await node.StartAsync();
        await node.WaitForBackplaneAsync(healthy: true);
    }

    /// <summary>The last lines of every node's output, for a failing test's message.</summary>
    public string Diagnostics() =>
        string.Join(Environment.NewLine, Nodes.Select(n => $"--- {n.Name} ({(n.IsRunning ? "running" : "down")}) ---{Environment.NewLine}{n.RecentOutput}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server)
        {
            await using var connection = new NpgsqlConnection($"{server};Database=postgres");
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
