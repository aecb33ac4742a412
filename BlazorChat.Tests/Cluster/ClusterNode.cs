using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// One node of a <see cref="ClusterNodes"/>: the built app as its own OS process (so it can be SIGKILLed), on the shared
/// PostgreSQL database, with its Redis connection through its own <see cref="TcpProxy"/> when the cluster has them.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private static readonly TimeSpan BackplaneDeadline = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("blazorchat-node-").FullName;
    private readonly int _port = AppProcess.FreePort(); // kept across restarts, so clients find it where it was
    private AppProcess? _process;

    internal ClusterNode(int index, string name, TcpProxy? redisPath, IReadOnlyDictionary<string, string> settings)
    {
        (Index, Name, RedisPath, _settings) = (index, name, redisPath, settings);
    }

    public int Index { get; }

    /// <summary>The node's <c>Backplane:NodeName</c>.</summary>
    public string Name { get; }

    /// <summary>The node's own path to Redis, to cut it off (null when the cluster has no proxies).</summary>
    public TcpProxy? RedisPath { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    public Uri SocketUri => new($"ws://127.0.0.1:{_port}/ws");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the node wrote last, for a failing test's message.</summary>
    public string RecentOutput => _process?.RecentOutput ?? "(not started)";

    public ChatApi Api() => new(BaseAddress);

    internal async Task StartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = await AppProcess.StartAsync(_dataDirectory, _port, _settings);
    }

    /// <summary>SIGKILL: no shutdown, no goodbye on the backplane, its sockets just die.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            await process.KillAsync();
        }
    }

    /// <summary>Whether the node's <c>/health/ready</c> says its backplane reaches the other nodes.</summary>
    public async Task<bool> BackplaneIsHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready");
        return ready.GetProperty("checks").EnumerateArray()
            .Any(c => c.GetProperty("name").GetString() == "backplane" && c.GetProperty("status").GetString() == "Healthy");
    }

    /// <summary>Waits until the node reports its backplane connected (or not); fails the test past the deadline.</summary>
    public async Task WaitForBackplaneAsync(bool healthy, TimeSpan? deadline = null)
    {
        var limit = deadline ?? BackplaneDeadline;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await BackplaneIsHealthyAsync() != healthy)
        {
            Assert.True(waited.Elapsed < limit, $"{Name}: the backplane was not {(healthy ? "healthy" : "down")} within {limit.TotalSeconds} s.");
            await Task.Delay(50); // polling the node's health, with a deadline
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (RedisPath is not null)
        {
            await RedisPath.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder is cleaned by the OS.
        }
    }
}
