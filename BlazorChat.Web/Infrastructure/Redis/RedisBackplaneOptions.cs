using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>What one <see cref="RedisChatBackplane"/> node needs.</summary>
/// <param name="NodeId">This node's name, unique among the nodes.</param>
/// <param name="ChannelPrefix">Nodes with the same prefix on the same Redis form one deployment.</param>
/// <param name="Redis">The server; the backplane overrides what it needs for failing fast.</param>
internal sealed record RedisBackplaneOptions(string NodeId, string ChannelPrefix, ConfigurationOptions Redis)
{
    /// <summary>How long a node waits for its own ping before it takes its subscription for lost.</summary>
    public TimeSpan SelfCheckTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a node that is not (yet) verified tries again, besides when the connection says it is back.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The one channel every notice goes through.</summary>
    public string EventsChannel => ChannelPrefix + ":events";
}
