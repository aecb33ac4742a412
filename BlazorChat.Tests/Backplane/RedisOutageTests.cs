using System.Diagnostics;
using System.Text;
using BlazorChat.Domain.Backplane;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Tests.Backplane;

/// <summary>What only the Redis backplane can meet: Redis cut off, Redis not there at start, strangers on the channel.</summary>
public sealed class RedisOutageTests : IAsyncDisposable
{
    private readonly string _prefix = TestRedis.NewPrefix();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;

    public RedisOutageTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    [Fact]
    public async Task RedisCutOff_NodeSaysSoAndPublishFailsAtOnce_ThenOnRestoreReconnectsOnceAndNoticesFlow()
    {
        TestRedis.SkipWithoutServer();
        var proxy = Own(new TcpProxy(TestRedis.Port));
        var (a, heardByA) = await StartNodeAsync("node-a", ThroughProxy(proxy));
        var (b, heardByB) = await StartNodeAsync("node-b");
        Assert.True(a.IsConnected);

        proxy.Cut();
        await Until.TrueAsync(() => !a.IsConnected, "node A sees that Redis is gone");
        var publishing = Stopwatch.StartNew();
        var sentDuringOutage = await a.PublishAsync(SampleNotices.Numbered(a.NodeId, 0));
        publishing.Stop();
        Assert.True(await b.PublishAsync(SampleNotices.Numbered(b.NodeId, 1))); // lost to A: a doorbell, not a log

        proxy.Restore();
        await Until.TrueAsync(() => heardByA.ReconnectedCount > 0, "node A is told it reconnected", TimeSpan.FromSeconds(30));
        var afterA = SampleNotices.Numbered(a.NodeId, 2);
        var afterB = SampleNotices.Numbered(b.NodeId, 3);
        Assert.True(await a.PublishAsync(afterA));
        Assert.True(await b.PublishAsync(afterB));

        Assert.False(sentDuringOutage);
        Assert.True(publishing.Elapsed < TimeSpan.FromSeconds(1), $"Publishing during the outage took {publishing.Elapsed}.");
        Assert.True(a.IsConnected);
        SampleNotices.AssertSame(afterA, await heardByB.NextAsync());
        SampleNotices.AssertSame(afterB, await heardByA.NextAsync());
        Assert.Equal(1, heardByA.ReconnectedCount);
        Assert.Equal(0, heardByB.ReconnectedCount);
        Assert.Empty(_logs.Faults);
    }

    [Fact]
    public async Task ALostConnection_IsOneOutage_ForTheMetrics_HoweverManyOfItsConnectionsFail()
    {
        TestRedis.SkipWithoutServer();
        var proxy = Own(new TcpProxy(TestRedis.Port));
        var outages = 0;
        var (a, heardByA) = await StartNodeAsync("node-a", ThroughProxy(proxy), () => Interlocked.Increment(ref outages));
        Assert.Equal(0, outages);

        proxy.Cut();
        await Until.TrueAsync(() => !a.IsConnected, "node A sees that Redis is gone");
        proxy.Restore();
        await Until.TrueAsync(() => heardByA.ReconnectedCount > 0, "node A is told it reconnected", TimeSpan.FromSeconds(30));

        Assert.Equal(1, Volatile.Read(ref outages));
    }

    [Fact]
    public async Task ANodeStartedWhileRedisIsUnreachable_RunsAlone_ThenJoinsOnceRedisAnswers()
    {
        TestRedis.SkipWithoutServer();
        var proxy = Own(new TcpProxy(TestRedis.Port));
        proxy.Cut();
        var starting = Stopwatch.StartNew();
        var (a, heardByA) = await StartNodeAsync("node-a", ThroughProxy(proxy));
        starting.Stop();
        var (b, heardByB) = await StartNodeAsync("node-b");

        Assert.True(starting.Elapsed < TimeSpan.FromSeconds(10), $"Subscribing without Redis took {starting.Elapsed}.");
        Assert.False(a.IsConnected);
        Assert.False(await a.PublishAsync(SampleNotices.Numbered(a.NodeId, 0)));

        proxy.Restore();
        await Until.TrueAsync(() => heardByA.ReconnectedCount > 0, "node A joins and is told so", TimeSpan.FromSeconds(30));
        var fromB = SampleNotices.Numbered(b.NodeId, 1);
        var fromA = SampleNotices.Numbered(a.NodeId, 2);
        Assert.True(await b.PublishAsync(fromB));
        Assert.True(await a.PublishAsync(fromA));

        Assert.True(a.IsConnected);
        SampleNotices.AssertSame(fromB, await heardByA.NextAsync());
        SampleNotices.AssertSame(fromA, await heardByB.NextAsync());
        Assert.Equal(1, heardByA.ReconnectedCount);
    }

    [Fact]
    public async Task PayloadsThatAreNotNotices_AreSkippedWithAWarning_AndLaterNoticesArrive()
    {
        TestRedis.SkipWithoutServer();
        var (a, _) = await StartNodeAsync("node-a");
        var (_, heardByB) = await StartNodeAsync("node-b");
        string[] strangers =
        [
            "not json",
            "{}",
            "[1,2]",
            """{"v":2,"node":"elsewhere","kind":"typing","data":{"user":"u"}}""",
            """{"v":1,"node":"elsewhere","kind":"teleport","data":{}}""",
            """{"v":1,"kind":"typing","data":{"user":"u"}}""",
            """{"v":1,"node":"elsewhere","kind":"typing"}""",
            """{"v":1,"node":"elsewhere","kind":"typing","data":{"room":"general"}}""",
            """{"v":1,"node":"elsewhere","kind":"presence","data":{"full":true,"online":[null],"offline":[]}}""",
            """{"v":1,"node":"elsewhere","kind":"messages","data":{"messages":[{"messageId":"m","conversation":"nowhere","seq":1,"from":"a","text":"t","sentAt":"2026-11-26T10:00:00Z"}]}}""",
            """{"v":1,"node":"elsewhere","kind":"read","data":{"user":"u","seq":"many","unread":0,"countedThrough":0}}""",
        ];
        var raw = await ConnectionMultiplexer.ConnectAsync(TestRedis.Server);
        Own(raw);

        foreach (var payload in strangers)
        {
            await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(_prefix + ":events"), Encoding.UTF8.GetBytes(payload));
        }

        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(_prefix + ":events"), new byte[] { 0xff, 0xfe, 0x00, 0x7b });
        var after = SampleNotices.Numbered(a.NodeId, 1);
        Assert.True(await a.PublishAsync(after));

        SampleNotices.AssertSame(after, await heardByB.NextAsync());
        var skippedByB = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("node-b skipped", StringComparison.Ordinal)).ToList();
        Assert.Equal(strangers.Length + 1, skippedByB.Count);
        Assert.Contains(skippedByB, e => e.Message.Contains("version 2", StringComparison.Ordinal));
        Assert.Contains(skippedByB, e => e.Message.Contains("'teleport' is unknown", StringComparison.Ordinal));
        Assert.Empty(_logs.Faults);
    }

    [Fact]
    public async Task AMachineSlowerThanTheSelfCheck_IsNoOutage_ItsNodeStartsConnected_AndComesBackAfterARealOne()
    {
        // A self-check timeout of zero: every answer comes "late", as on a machine too busy to answer within it.
        TestRedis.SkipWithoutServer();
        var proxy = Own(new TcpProxy(TestRedis.Port));
        var (a, heardByA) = await StartNodeAsync("node-a", ThroughProxy(proxy), selfCheckTimeout: TimeSpan.Zero);
        var (b, heardByB) = await StartNodeAsync("node-b");

        Assert.True(a.IsConnected, "a node that reaches Redis starts connected, however slow its own ping");
        var fromA = SampleNotices.Numbered(a.NodeId, 0);
        Assert.True(await a.PublishAsync(fromA));
        SampleNotices.AssertSame(fromA, await heardByB.NextAsync());

        proxy.Cut();
        await Until.TrueAsync(() => !a.IsConnected, "node A sees that Redis is gone");
        proxy.Restore();
        await Until.TrueAsync(() => heardByA.ReconnectedCount > 0, "node A is told it reconnected", TimeSpan.FromSeconds(30));
        var fromB = SampleNotices.Numbered(b.NodeId, 1);
        Assert.True(await b.PublishAsync(fromB));

        SampleNotices.AssertSame(fromB, await heardByA.NextAsync());
        Assert.True(a.IsConnected);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("node-a cannot reach Redis", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("same Backplane:NodeName", StringComparison.Ordinal)); // its own late answers
        Assert.Empty(_logs.Faults);
    }

    [Fact]
    public async Task TwoNodesOfOneName_AreNoticed()
    {
        TestRedis.SkipWithoutServer();
        await StartNodeAsync("twin");

        await StartNodeAsync("twin"); // its self-check reaches the first one

        await Until.TrueAsync(
            () => _logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("same Backplane:NodeName", StringComparison.Ordinal)),
            "the first twin warns");
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

    private static ConfigurationOptions ThroughProxy(TcpProxy proxy) => TestRedis.Options($"127.0.0.1:{proxy.BaseAddress.Port}");

    private async Task<(RedisChatBackplane Node, RecordingReceiver Heard)> StartNodeAsync(
        string name, ConfigurationOptions? redis = null, Action? outage = null, TimeSpan? selfCheckTimeout = null)
    {
        var options = new RedisBackplaneOptions($"{_prefix}-{name}", _prefix, redis ?? TestRedis.Options())
        {
            SelfCheckTimeout = selfCheckTimeout ?? TimeSpan.FromSeconds(2),
            RetryInterval = TimeSpan.FromMilliseconds(250),
        };
        var node = Own(new RedisChatBackplane(options, _loggers.CreateLogger<RedisChatBackplane>(), outage));
        var heard = new RecordingReceiver();
        await node.SubscribeAsync(heard);
        return (node, heard);
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
