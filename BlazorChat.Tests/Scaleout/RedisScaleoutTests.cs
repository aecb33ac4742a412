using BlazorChat.Domain.Backplane;
using BlazorChat.Tests.Backplane;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorChat.Tests.Scaleout;

/// <summary>
/// The scale-out specification over a real Redis: each node reaches it through a TCP proxy of its own, so a test can
/// cut one node off as a network failure would.
/// </summary>
public sealed class RedisScaleoutTests : ScaleoutSpecification
{
    private readonly List<TcpProxy> _proxies = [];
    private readonly List<RedisChatBackplane> _nodes = [];

    protected override async Task<IReadOnlyList<IChatBackplane>> CreateBackplanesAsync(int count)
    {
        TestRedis.SkipWithoutServer();
        var prefix = TestRedis.NewPrefix();
        for (var i = 0; i < count; i++)
        {
            var proxy = new TcpProxy(TestRedis.Port);
            _proxies.Add(proxy);
            _nodes.Add(new RedisChatBackplane(
                new RedisBackplaneOptions($"{prefix}-node-{i}", prefix, TestRedis.Options($"127.0.0.1:{proxy.BaseAddress.Port}")),
                NullLogger<RedisChatBackplane>.Instance));
        }

        await Task.CompletedTask;
        return _nodes;
    }

    protected override async Task CutAsync(int node)
    {
        _proxies[node].Cut();
        await Until.TrueAsync(() => !_nodes[node].IsConnected, "the node to notice it lost Redis");
    }

    protected override async Task RestoreAsync(int node)
    {
        _proxies[node].Restore();
        await Until.TrueAsync(() => _nodes[node].IsConnected, "the node to be back on Redis");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
    }
}
