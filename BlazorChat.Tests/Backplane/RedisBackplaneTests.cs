using BlazorChat.Domain.Backplane;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorChat.Tests.Backplane;

/// <summary>The backplane specification on Redis: nodes on one real server, on a channel of this test's own.</summary>
public sealed class RedisBackplaneTests : BackplaneSpecification
{
    private readonly string _prefix = TestRedis.NewPrefix();

    protected override IChatBackplane NewNode(string name)
    {
        TestRedis.SkipWithoutServer();
        return new RedisChatBackplane(new RedisBackplaneOptions(_prefix + "-" + name, _prefix, TestRedis.Options()), NullLogger<RedisChatBackplane>.Instance);
    }
}
