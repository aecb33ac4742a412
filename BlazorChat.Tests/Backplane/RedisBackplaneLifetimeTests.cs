using System.Diagnostics;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Tests.Backplane;

/// <summary>
/// How a Redis node's background work begins and ends: disposal that overtakes a slow start leaves nothing behind,
/// and a self-check in progress ends with the connection, not at its timeout.
/// </summary>
public sealed class RedisBackplaneLifetimeTests : IAsyncDisposable
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(10); // a timeout that must never be what ends a wait
    private readonly string _prefix = TestRedis.NewPrefix();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;

    public RedisBackplaneLifetimeTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    [Fact]
    public async Task DisposingDuringASlowSubscribe_StartsNoBackgroundWork_AndLeavesNoConnection()
    {
        TestRedis.SkipWithoutServer();
        var proxy = Own(new TcpProxy(TestRedis.Port));
        proxy.Hold(); // the node's handshake waits: its SubscribeAsync is still connecting when disposal begins
        var node = Own(NewNode("node-a", TestRedis.Options($"127.0.0.1:{proxy.BaseAddress.Port}")));
        var heard = new RecordingReceiver();
        var admin = Own(await ConnectionMultiplexer.ConnectAsync(AdminOptions(TestRedis.Server)));

        var subscribing = node.SubscribeAsync(heard);
        var disposing = node.DisposeAsync().AsTask();
        proxy.Release(); // the handshake completes after disposal began
        await Task.WhenAll(subscribing, disposing).WaitAsync(RecordingReceiver.Deadline);

        await Until.TrueAsync(() => ClientsNamed(admin, node.NodeId) == 0, "the disposed node holds no connection to Redis");
        Assert.False(node.IsConnected);
        Assert.Equal(0, heard.ReconnectedCount);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(node.NodeId, StringComparison.Ordinal)); // no check ran
        Assert.Empty(_logs.Faults);
    }

    [Fact]
    public async Task ALostConnection_EndsASelfCheckInProgress_AtOnce_NotAtItsTimeout()
    {
        TestRedis.SkipWithoutServer();
        var server = Own(await DedicatedRedis.StartAsync());
        var admin = Own(await ConnectionMultiplexer.ConnectAsync(server.AdminOptions()));
        var redis = TestRedis.Options(server.Address);
        redis.AsyncTimeout = redis.SyncTimeout = (int)Forever.TotalMilliseconds; // only the lost connection may end the check
        var node = Own(NewNode("node-a", redis, selfCheckTimeout: Forever));
        await admin.GetServer(server.Address).ExecuteAsync("CLIENT", "PAUSE", (long)Forever.TotalMilliseconds, "WRITE"); // its ping is held

        var subscribing = node.SubscribeAsync(new RecordingReceiver());
        await Until.TrueAsync(() => IsPingHeld(admin, server.Address, node.NodeId), "the node's self-check waits for its ping");
        var ending = Stopwatch.StartNew();
        server.Kill();
        await subscribing.WaitAsync(RecordingReceiver.Deadline);
        ending.Stop();

        Assert.False(node.IsConnected);
        Assert.True(ending.Elapsed < TimeSpan.FromSeconds(5), $"The self-check ended {ending.Elapsed} after the connection was lost.");
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(node.NodeId + " cannot reach Redis at start", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _loggers.Dispose();
        GC.SuppressFinalize(this);
    }

    private static ConfigurationOptions AdminOptions(string server)
    {
        var options = ConfigurationOptions.Parse(server);
        options.AllowAdmin = true;
        return options;
    }

    private static int ClientsNamed(ConnectionMultiplexer admin, string name) =>
        admin.GetServer(TestRedis.Server).ClientList().Count(c => c.Name == name);

    // The node's PUBLISH of its ping, blocked by CLIENT PAUSE WRITE: the check is under way and cannot be answered.
    private static bool IsPingHeld(ConnectionMultiplexer admin, string server, string name) =>
        admin.GetServer(server).ClientList().Any(c => c.Name == name && c.LastCommand == "publish" && c.Flags.HasFlag(ClientFlags.Blocked));

    private RedisChatBackplane NewNode(string name, ConfigurationOptions redis, TimeSpan? selfCheckTimeout = null)
    {
        var options = new RedisBackplaneOptions($"{_prefix}-{name}", _prefix, redis)
        {
            SelfCheckTimeout = selfCheckTimeout ?? TimeSpan.FromSeconds(2),
            FreshSelfCheckTimeout = selfCheckTimeout ?? TimeSpan.FromSeconds(30),
            RetryInterval = TimeSpan.FromMilliseconds(250),
        };
        return new RedisChatBackplane(options, _loggers.CreateLogger<RedisChatBackplane>());
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
