using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>What one <see cref="RedisChatBackplane"/> node needs.</summary>
/// <param name="NodeId">This node's name, unique among the nodes.</param>
/// <param name="ChannelPrefix">Nodes with the same prefix on the same Redis form one deployment.</param>
/// <param name="Redis">The server; the backplane overrides what it needs for failing fast.</param>
internal sealed record RedisBackplaneOptions(string NodeId, string ChannelPrefix, ConfigurationOptions Redis)
{
    /// <summary>
    /// How long a node waits for its own ping on a subscription it already had (after an outage) before it takes that
    /// subscription for silently lost and subscribes again.
    /// </summary>
    public TimeSpan SelfCheckTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a node waits for its own ping on a subscription the server has just confirmed. Such a subscription
    /// cannot be silently lost, so a late answer means a busy machine, not an outage: a lost connection ends the wait at
    /// once, and this only bounds a hang.
    /// </summary>
    public TimeSpan FreshSelfCheckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node that is not (yet) verified tries again, besides when the connection says it is back.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The one channel every notice goes through.</summary>
    public string EventsChannel => ChannelPrefix + ":events";
}
