namespace BlazorChat.LoadGen;

/// <summary>
/// How many nodes serve the clients and what links them, all on one PostgreSQL database. With two nodes, client
/// <c>i</c> connects to node <c>i % 2</c>, so senders are on both and deliveries cross between them.
/// </summary>
internal sealed record Topology(string Name, int Nodes, bool Redis, string Description)
{
    public static readonly Topology OneInMemory = new("one-inmemory", 1, Redis: false, "1 node, in-memory backplane");

    public static readonly Topology OneRedis = new("one-redis", 1, Redis: true, "1 node, Redis backplane");

    public static readonly Topology TwoRedis = new("two-redis", 2, Redis: true, "2 nodes, Redis backplane");

    public static readonly IReadOnlyList<Topology> All = [OneInMemory, OneRedis, TwoRedis];

    /// <summary><c>all</c> or a comma-separated list of names; null if a name is unknown.</summary>
    public static IReadOnlyList<Topology>? ParseList(string value)
    {
        if (value == "all")
        {
            return All;
        }

        var chosen = new List<Topology>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (All.FirstOrDefault(t => t.Name == name) is not { } topology)
            {
                return null;
            }

            if (!chosen.Contains(topology))
            {
                chosen.Add(topology);
            }
        }

        return chosen.Count > 0 ? chosen : null;
    }

    /// <summary>The node that client <paramref name="index"/> connects to.</summary>
    public int NodeOf(int index) => index % Nodes;
}
