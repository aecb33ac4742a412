using System.Globalization;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>The <c>fanout</c> subcommand's options; the defaults are issue #11's sizes.</summary>
internal sealed class FanoutOptions
{
    public const string Usage = """
        BlazorChat load generator — fanout: BlazorChat's /ws against a bare Kestrel WebSocket broadcast server and a
        bare Node ws server (and optionally an older BlazorChat build), each a fresh process per run on 127.0.0.1,
        the order rotating each round; BlazorChat on SQLite with the default group commit (acknowledged = committed).

          --clients N          clients of every scenario (default 1000): one room; N/room-size rooms; N/2 pairs
          --senders S          senders of the one-room scenarios (default 10)
          --messages M         messages per sender in burst (default 100)
          --window W           unacknowledged sends per sender (default 8); on BlazorChat an ack is the ok reply,
                               on a reference (no replies) the sender's own copy of its message
          --room-size K        clients per room in rooms (default 10)
          --room-messages M    messages per client in rooms (default 10)
          --pair-messages M    messages per client in dm (default 20)
          --rates LIST         the ladder's delivery rates per second (default 5000,10000,20000,40000,80000, then
                               every 40000 from 120000 to 320000, then 400000,480000: fine enough near where the
                               servers top out that the ratio of two highest steps is not a power of two)
          --step-seconds S     how long each ladder step sends (default 3)
          --scenarios LIST     burst, ladder, rooms, dm, or all (default all)
          --servers LIST       blazorchat, kestrel, node, baseline (default: the first three, and baseline when
                               --baseline-dll is given)
          --rounds R           runs of each scenario on each server, reported as medians (default 1)
          --baseline-dll PATH  an older build's BlazorChat.Web.dll, shown as "baseline"
          --server-dll PATH    BlazorChat.Web.dll (default: the build next to this one)
          --kestrel-dll PATH   default: bench/KestrelBroadcast/bin/Release/net10.0/KestrelBroadcast.dll
          --node-script PATH   default: bench/node-broadcast/server.js
          --node-modules PATH  its NODE_PATH (default: $NODE_PATH, else .tools/node-broadcast/node_modules)
          --timeout SECONDS    the most one measured phase may take (default 120)
          --output PATH        the Markdown fragment (default: artifacts/bench/fanout.md); also printed to stdout

        Scenarios: burst (every message to all N; deliveries/s over first send → last delivery), ladder (paced
        steps on a fixed schedule, stopping at the first whose p99 passes 250 ms), rooms (many small rooms, every
        client sending), dm (pairs; the references use a room per pair). Every receiver must get every message of its
        room exactly once (on BlazorChat in seq order): any loss, duplicate or error makes the exit code 1.
        """;

    public int Clients { get; private set; } = 1000;

    public int Senders { get; private set; } = 10;

    public int Messages { get; private set; } = 100;

    public int Window { get; private set; } = 8;

    public int RoomSize { get; private set; } = 10;

    public int RoomMessages { get; private set; } = 10;

    public int PairMessages { get; private set; } = 20;

    public IReadOnlyList<double> LadderRates { get; private set; } =
        [5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 160_000, 200_000, 240_000, 280_000, 320_000, 400_000, 480_000];

    public double StepSeconds { get; private set; } = 3;

    public IReadOnlyList<string> Scenarios { get; private set; } = FanoutScenario.Names;

    public IReadOnlyList<string> Servers { get; private set; } = [];

    public int Rounds { get; private set; } = 1;

    public string? BaselineDll { get; private set; }

    public string? ServerDll { get; private set; }

    public string? KestrelDll { get; private set; }

    public string? NodeScript { get; private set; }

    public string? NodeModules { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(120);

    public string? Output { get; private set; }

    public static readonly IReadOnlyList<string> KnownServers = ["blazorchat", "baseline", "kestrel", "node"];

    /// <summary>The options, or an error message (the usage, for --help).</summary>
    public static (FanoutOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new FanoutOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                return (null, Usage);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{args[i]} needs a value.\n\n{Usage}");
            }

            var error = options.Set(args[i], args[++i]);
            if (error is not null)
            {
                return (null, $"{error}\n\n{Usage}");
            }
        }

        if (options.Servers.Count == 0)
        {
            options.Servers = options.BaselineDll is null ? ["blazorchat", "kestrel", "node"] : ["blazorchat", "baseline", "kestrel", "node"];
        }

        if (options.Servers.Contains("baseline") && options.BaselineDll is null)
        {
            return (null, "The server baseline needs --baseline-dll PATH.");
        }

        if (options.Scenarios.Contains(FanoutScenario.Rooms) && options.Clients / options.RoomSize < 1)
        {
            return (null, "--clients must be at least --room-size for the rooms scenario.");
        }

        return (options, null);
    }

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "--clients": return Int(value, 2, v => Clients = v, name);
            case "--senders": return Int(value, 1, v => Senders = v, name);
            case "--messages": return Int(value, 1, v => Messages = v, name);
            case "--window": return Int(value, 1, v => Window = v, name);
            case "--room-size": return Int(value, 2, v => RoomSize = v, name);
            case "--room-messages": return Int(value, 1, v => RoomMessages = v, name);
            case "--pair-messages": return Int(value, 1, v => PairMessages = v, name);
            case "--rounds": return Int(value, 1, v => Rounds = v, name);
            case "--timeout": return Int(value, 1, v => Timeout = TimeSpan.FromSeconds(v), name);
            case "--step-seconds":
                if (!double.TryParse(value, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                {
                    return "--step-seconds must be a positive number.";
                }

                StepSeconds = seconds;
                return null;
            case "--rates":
                var rates = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(r => double.TryParse(r, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : double.NaN).ToList();
                if (rates.Count == 0 || rates.Any(double.IsNaN))
                {
                    return "--rates must be a comma-separated list of positive numbers.";
                }

                LadderRates = [.. rates.Order()];
                return null;
            case "--scenarios":
                var scenarios = value == "all" ? [.. FanoutScenario.Names] : value.Split(',', StringSplitOptions.TrimEntries).ToList();
                var unknownScenario = scenarios.FirstOrDefault(s => !FanoutScenario.Names.Contains(s));
                if (unknownScenario is not null)
                {
                    return $"Unknown scenario '{unknownScenario}': use {string.Join(", ", FanoutScenario.Names)} or all.";
                }

                Scenarios = scenarios;
                return null;
            case "--servers":
                var servers = value.Split(',', StringSplitOptions.TrimEntries).Distinct().ToList();
                var unknownServer = servers.FirstOrDefault(s => !KnownServers.Contains(s));
                if (unknownServer is not null)
                {
                    return $"Unknown server '{unknownServer}': use {string.Join(", ", KnownServers)}.";
                }

                Servers = servers;
                return null;
            case "--baseline-dll": return ExistingFile(value, v => BaselineDll = v);
            case "--server-dll": return ExistingFile(value, v => ServerDll = v);
            case "--kestrel-dll": return ExistingFile(value, v => KestrelDll = v);
            case "--node-script": return ExistingFile(value, v => NodeScript = v);
            case "--node-modules":
                NodeModules = Path.GetFullPath(value);
                return null;
            case "--output":
                Output = Path.GetFullPath(value);
                return null;
            default:
                return $"Unknown option '{name}'.";
        }
    }

    private static string? Int(string value, int min, Action<int> set, string name)
    {
        if (!int.TryParse(value, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            return $"{name} must be a whole number of at least {min}.";
        }

        set(number);
        return null;
    }

    private static string? ExistingFile(string value, Action<string> set)
    {
        if (!File.Exists(value))
        {
            return $"No file at '{value}'.";
        }

        set(Path.GetFullPath(value));
        return null;
    }
}
