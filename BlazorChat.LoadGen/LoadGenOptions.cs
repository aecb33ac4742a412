namespace BlazorChat.LoadGen;

/// <summary>What to run, from the command line; every size has a default that finishes quickly on 2 cores.</summary>
internal sealed class LoadGenOptions
{
    public const string Usage = """
        BlazorChat load generator: starts the built server on 127.0.0.1, sends through /ws and compares one
        transaction per message (Persistence:MaxBatchSize=1, the reference) with the default group commit;
        with --topology, compares one node and several instead (always on PostgreSQL, group commit).

          --clients N        users, one socket each (default 32)
          --messages M       messages each client sends (default 50)
          --window W         un-acknowledged sends per socket (default 8)
          --rounds R         reference and group-commit runs per scenario, reported as medians (default 1)
          --warmup K         messages each of 4 other clients sends first, unmeasured (default 100)
          --scenario S       hot-room, dm-pairs or all (default all)
          --provider P       sqlite, postgres or both (default sqlite)
          --postgres CONN    a PostgreSQL server for --provider postgres/both, e.g.
                             "Host=127.0.0.1;Port=5473;Username=postgres;Password=postgres" (each run gets its own database)
          --server-dll PATH  BlazorChat.Web.dll to start (default: the build next to this one)
          --timeout SECONDS  the most one run may take before it fails (default 120)

        Multi-node comparison (needs --postgres, and --redis for the Redis topologies):
          --topology T       all, or a comma-separated list of one-inmemory (1 node, in-memory backplane),
                             one-redis (1 node, Redis backplane), two-redis (2 nodes, Redis backplane; client i
                             on node i % 2): one run of each per round, the order rotating between rounds
          --redis CONN       the Redis server, e.g. 127.0.0.1:6379 (each run uses a channel prefix of its own)
          --rate R           messages per second from all clients together in the paced phase (default 100)
          --paced-messages P messages each client sends in the paced phase, after the flood (default 20)
          --scenario-warmup N  messages each client sends in the scenario itself before the flood, unmeasured but
                             checked, so that the JIT has tiered up the measured paths (default 50; 0 for none)
        """;

    public int Clients { get; private set; } = 32;

    public int Messages { get; private set; } = 50;

    public int Window { get; private set; } = 8;

    public int WarmupMessages { get; private set; } = 100;

    public int Rounds { get; private set; } = 1;

    public IReadOnlyList<Scenario> Scenarios { get; private set; } = Scenario.All;

    public IReadOnlyList<string> Providers { get; private set; } = ["sqlite"];

    public string? Postgres { get; private set; }

    public string? ServerDll { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(120);

    /// <summary>The topologies to compare, or null for the group-commit comparison.</summary>
    public IReadOnlyList<Topology>? Topologies { get; private set; }

    public string? Redis { get; private set; }

    /// <summary>Messages per second of the paced phase, all clients together.</summary>
    public double Rate { get; private set; } = 100;

    public int PacedMessages { get; private set; } = 20;

    public int ScenarioWarmupMessages { get; private set; } = 50;

    /// <summary>The options, or an error message for the user.</summary>
    public static (LoadGenOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new LoadGenOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, Usage);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.\n\n{Usage}");
            }

            var value = args[++i];
            var error = options.Set(name, value);
            if (error is not null)
            {
                return (null, $"{error}\n\n{Usage}");
            }
        }

        if (options.Providers.Contains("postgres") && options.Postgres is null)
        {
            return (null, "--provider postgres needs --postgres \"Host=…;Username=…;Password=…\".");
        }

        if (options.Topologies is { } topologies)
        {
            if (options.Postgres is null)
            {
                return (null, "--topology needs --postgres \"Host=…;Username=…;Password=…\": the nodes share one database.");
            }

            if (topologies.Any(t => t.Redis) && string.IsNullOrWhiteSpace(options.Redis))
            {
                return (null, "The Redis topologies need --redis HOST:PORT.");
            }
        }

        return (options, null);
    }

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "--clients":
                return TryPositive(value, out var clients, 2) ? Assign(() => Clients = clients) : "--clients must be at least 2.";
            case "--messages":
                return TryPositive(value, out var messages, 1) ? Assign(() => Messages = messages) : "--messages must be at least 1.";
            case "--window":
                return TryPositive(value, out var window, 1) ? Assign(() => Window = window) : "--window must be at least 1.";
            case "--warmup":
                return TryPositive(value, out var warmup, 1) ? Assign(() => WarmupMessages = warmup) : "--warmup must be at least 1.";
            case "--rounds":
                return TryPositive(value, out var rounds, 1) ? Assign(() => Rounds = rounds) : "--rounds must be at least 1.";
            case "--timeout":
                return TryPositive(value, out var seconds, 1) ? Assign(() => Timeout = TimeSpan.FromSeconds(seconds)) : "--timeout must be at least 1.";
            case "--scenario":
                var scenarios = value == "all" ? Scenario.All : Scenario.All.Where(s => s.Name == value).ToList();
                return scenarios.Count > 0 ? Assign(() => Scenarios = scenarios) : $"Unknown scenario '{value}'.";
            case "--provider":
                IReadOnlyList<string>? providers = value switch
                {
                    "sqlite" or "postgres" => [value],
                    "both" => ["sqlite", "postgres"],
                    _ => null,
                };
                return providers is not null ? Assign(() => Providers = providers) : $"Unknown provider '{value}'.";
            case "--topology":
                var topologies = Topology.ParseList(value);
                return topologies is not null ? Assign(() => Topologies = topologies)
                    : $"Unknown topology in '{value}': use all or {string.Join(", ", Topology.All.Select(t => t.Name))}.";
            case "--redis":
                return Assign(() => Redis = value);
            case "--rate":
                return double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 0
                    ? Assign(() => Rate = rate) : "--rate must be a positive number.";
            case "--paced-messages":
                return TryPositive(value, out var paced, 1) ? Assign(() => PacedMessages = paced) : "--paced-messages must be at least 1.";
            case "--scenario-warmup":
                return int.TryParse(value, out var scenarioWarmup) && scenarioWarmup >= 0
                    ? Assign(() => ScenarioWarmupMessages = scenarioWarmup) : "--scenario-warmup must be 0 or more.";
            case "--postgres":
                return Assign(() => Postgres = value);
            case "--server-dll":
                return File.Exists(value) ? Assign(() => ServerDll = Path.GetFullPath(value)) : $"No file at '{value}'.";
            default:
                return $"Unknown option '{name}'.";
        }
    }

    private static bool TryPositive(string value, out int number, int min) => int.TryParse(value, out number) && number >= min;

    private static string? Assign(Action set)
    {
        set();
        return null;
    }
}
