using System.Globalization;

namespace BlazorChat.LoadGen.Connections;

/// <summary>What the <c>connections</c> subcommand runs; every size is an option, so a developer can run it small.</summary>
internal sealed class ConnectionsOptions
{
    public const string Usage = """
        BlazorChat load generator, connections: a connect storm and idle density, side by side with a bare Kestrel
        WebSocket server and a bare Node ws server (and an older BlazorChat build), each a fresh process per run,
        interleaved (the order rotates every round). Writes a Markdown fragment to --out and stdout.

          --servers LIST        blazorchat, kestrel, node (default all three; baseline is added by --baseline-dll)
          --storm LIST          connect storm sizes (default 1000,10000; "" for none)
          --idle LIST           idle density sizes (default 5000,10000,18000; "" for none)
          --over-limit N        connections to try past the server's fd limit, once per server in round 1, then check
                                that the server still serves a fresh client (default 500; 0 to skip)
          --limit-fds N         for the step past the fd limit, start the server under an open-file limit of N, to
                                run that step small (default: keep the inherited limit, `ulimit -n`)
          --users N             BlazorChat accounts; client i signs in as user i % N (default 1000)
          --rounds R            rounds; medians over them (default 1)
          --sources K           client source addresses 127.0.0.2 … 127.0.0.(K+1) (default 8)
          --concurrency C       connects in flight at once, per client process (default 64)
          --warmup W            connections opened and closed before each measurement (default 1000)
          --idle-seconds S      how long the idle CPU is measured (default 10)
          --connect-timeout S   the most one connect (and its hello) may take (default 60; a loaded 2-core machine needs it)
          --timeout S           the most one run may take (default 900)
          --server-dll PATH     BlazorChat.Web.dll (default: the build next to this one)
          --baseline-dll PATH   an older BlazorChat.Web.dll, run as the server "baseline"
          --kestrel-dll PATH    default bench/KestrelBroadcast/bin/Release/net10.0/KestrelBroadcast.dll
          --node-script PATH    default bench/node-broadcast/server.js
          --node-modules PATH   default .tools/node-broadcast/node_modules
          --dumps DIR           in each idle run, a gcdump (after its full GC) and a dotnet-dump heap dump of the
                                server before the sockets open and while they are held, into DIR, for an exact diff
                                by type (dotnet-dump analyze: dumpheap -stat) and gcroot on samples
          --out PATH            default artifacts/bench/connections.md
        """;

    public IReadOnlyList<string> Servers { get; private set; } = ["blazorchat", "kestrel", "node"];

    public IReadOnlyList<int> StormSizes { get; private set; } = [1000, 10000];

    public IReadOnlyList<int> IdleSizes { get; private set; } = [5000, 10000, 18000];

    public int OverLimit { get; private set; } = 500;

    public int? LimitFds { get; private set; }

    public int Users { get; private set; } = 1000;

    public int Rounds { get; private set; } = 1;

    public int Sources { get; private set; } = 8;

    public int Concurrency { get; private set; } = 64;

    public int Warmup { get; private set; } = 1000;

    public TimeSpan IdleWindow { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(900);

    public string? ServerDll { get; private set; }

    public string? BaselineDll { get; private set; }

    public string? KestrelDll { get; private set; }

    public string? NodeScript { get; private set; }

    public string? NodeModules { get; private set; }

    public string? Out { get; private set; }

    /// <summary>Where each idle run's heap dumps go (before the sockets open and while held), or null for none.</summary>
    public string? Dumps { get; private set; }

    /// <summary>The options, or null and why not (the usage for <c>--help</c>).</summary>
    public static (ConnectionsOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new ConnectionsOptions();
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                var name = args[i];
                if (name is "-h" or "--help")
                {
                    return (null, Usage);
                }

                var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
                switch (name)
                {
                    case "--servers": options.Servers = List(value, s => s.ToLowerInvariant()); break;
                    case "--storm": options.StormSizes = List(value, Positive); break;
                    case "--idle": options.IdleSizes = List(value, Positive); break;
                    case "--over-limit": options.OverLimit = AtLeast(value, 0); break;
                    case "--limit-fds": options.LimitFds = AtLeast(value, 100); break;
                    case "--users": options.Users = Positive(value); break;
                    case "--rounds": options.Rounds = Positive(value); break;
                    case "--sources": options.Sources = Math.Min(AtLeast(value, 1), SourceAddresses.Most); break;
                    case "--concurrency": options.Concurrency = Positive(value); break;
                    case "--warmup": options.Warmup = AtLeast(value, 0); break;
                    case "--idle-seconds": options.IdleWindow = TimeSpan.FromSeconds(Positive(value)); break;
                    case "--connect-timeout": options.ConnectTimeout = TimeSpan.FromSeconds(Positive(value)); break;
                    case "--timeout": options.Timeout = TimeSpan.FromSeconds(Positive(value)); break;
                    case "--server-dll": options.ServerDll = value; break;
                    case "--baseline-dll": options.BaselineDll = value; break;
                    case "--kestrel-dll": options.KestrelDll = value; break;
                    case "--node-script": options.NodeScript = value; break;
                    case "--node-modules": options.NodeModules = value; break;
                    case "--out": options.Out = value; break;
                    case "--dumps": options.Dumps = value; break;
                    default: throw new FormatException($"Unknown option {name}.");
                }
            }

            var unknown = options.Servers.Except(["blazorchat", "kestrel", "node"]).ToList();
            if (unknown.Count > 0)
            {
                throw new FormatException($"Unknown server {unknown[0]} (blazorchat, kestrel or node; baseline comes with --baseline-dll).");
            }

            if (options.BaselineDll is not null && !options.Servers.Contains("baseline"))
            {
                options.Servers = [.. options.Servers, "baseline"];
            }

            return (options, null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message + "\n\n" + Usage);
        }
    }

    private static List<T> List<T>(string value, Func<string, T> parse) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse)];

    private static int Positive(string value) => AtLeast(value, 1);

    private static int AtLeast(string value, int least) =>
        int.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least
            ? n
            : throw new FormatException($"'{value}' is not a whole number ≥ {least}.");
}
