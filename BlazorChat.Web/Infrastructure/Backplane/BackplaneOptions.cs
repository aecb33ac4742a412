namespace BlazorChat.Web.Infrastructure.Backplane;

/// <summary>Which backplane links the nodes, chosen explicitly (<c>Backplane:Provider</c>), never guessed.</summary>
public enum BackplaneProvider
{
    /// <summary>One node on its own (the default).</summary>
    InMemory,

    /// <summary>Several nodes over Redis pub/sub (<c>ConnectionStrings:Redis</c>).</summary>
    Redis,
}

/// <summary>The <c>Backplane</c> configuration section, with <c>ConnectionStrings:Redis</c>.</summary>
public sealed class BackplaneOptions
{
    public const string DefaultChannelPrefix = "blazorchat";

    /// <summary><c>InMemory</c> (the default) or <c>Redis</c>, in any case.</summary>
    public string Provider { get; set; } = nameof(BackplaneProvider.InMemory);

    /// <summary>This node's name, unique among the nodes; by default machine, process and a random part.</summary>
    public string? NodeName { get; set; }

    /// <summary>Names the channel (<c>{prefix}:events</c>): deployments sharing one Redis need different prefixes.</summary>
    public string ChannelPrefix { get; set; } = DefaultChannelPrefix;

    /// <summary>From <c>ConnectionStrings:Redis</c>: a StackExchange.Redis configuration string.</summary>
    public string? RedisConnection { get; set; }

    /// <summary>The provider named by <see cref="Provider"/>, or null for a name that is not one.</summary>
    public BackplaneProvider? ProviderKind =>
        Enum.GetValues<BackplaneProvider>().Select(p => (BackplaneProvider?)p)
            .FirstOrDefault(p => string.Equals(p.ToString(), Provider?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A name no other running node has: <c>{machine}-{process id}-{6 random hex digits}</c>.</summary>
    public static string NewNodeName() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
