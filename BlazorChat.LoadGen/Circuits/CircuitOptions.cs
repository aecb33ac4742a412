using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>What the <c>circuits</c> subcommand measures, from its command line; the defaults finish in a few minutes.</summary>
internal sealed class CircuitOptions
{
    public const string Usage = """
        BlazorChat idle circuits: starts the built server on 127.0.0.1 (SQLite) with --users registered accounts,
        opens idle chat tabs in headless Chromium (one signed-in user each, one browser, a context per tab) in
        steps, and after a full GC in the server (forced by dotnet-gcdump) reads its RSS and managed heap:
        what one idle circuit costs the server.

          --steps LIST       circuits open at each measurement, beyond one warm-up tab, ascending (default 25,50,100)
          --users N          registered users (default 1000); at least the largest step + 1
          --parallel P       tabs opened at once (default 4)
          --output PATH      where the Markdown fragment goes too (default artifacts/bench/circuits.md)
          --accounts-cache DIR  where the registered accounts are kept between runs (default
                             artifacts/bench/circuit-accounts; delete it to register afresh)
          --keep-dumps DIR   keep each step's .gcdump there (for dotnet-gcdump report by hand)
          --full-dumps DIR   also write each step's full heap dump there, right after the gcdump's full GC
                             (dotnet-dump: `dumpheap -stat -live` gives real sizes, `gcroot` the owners)
          --server-dll PATH  BlazorChat.Web.dll to start (default: the build next to this one)
          --timeout SECONDS  the most the whole run may take (default 1200)
        """;

    public IReadOnlyList<int> Steps { get; private set; } = [25, 50, 100];

    public int Users { get; private set; } = 1000;

    public int Parallel { get; private set; } = 4;

    public string Output { get; private set; } = Path.Combine("artifacts", "bench", "circuits.md");

    public string AccountsCache { get; private set; } = Path.Combine("artifacts", "bench", "circuit-accounts");

    public string? KeepDumps { get; private set; }

    public string? FullDumps { get; private set; }

    public string? ServerDll { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(1200);

    /// <summary>The options, or an error message for the user.</summary>
    public static (CircuitOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new CircuitOptions();
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

            if (options.Set(name, args[++i]) is { } error)
            {
                return (null, $"{error}\n\n{Usage}");
            }
        }

        return options.Users > options.Steps[^1]
            ? (options, null)
            : (null, $"--users must be more than the largest step ({options.Steps[^1]}): every tab is a user of its own, and one is the warm-up.");
    }

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "--steps":
                var steps = value.Split(',').Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
                return steps.Count > 0 && steps.All(n => n > 0) && steps.SequenceEqual(steps.Order().Distinct())
                    ? Assign(() => Steps = steps) : "--steps must be positive counts, ascending, e.g. 25,50,100.";
            case "--users":
                return Positive(value) is { } users ? Assign(() => Users = users) : "--users must be a positive count.";
            case "--parallel":
                return Positive(value) is { } parallel ? Assign(() => Parallel = parallel) : "--parallel must be a positive count.";
            case "--output":
                return Assign(() => Output = value);
            case "--accounts-cache":
                return Assign(() => AccountsCache = value);
            case "--keep-dumps":
                return Assign(() => KeepDumps = Path.GetFullPath(value));
            case "--full-dumps":
                return Assign(() => FullDumps = Path.GetFullPath(value));
            case "--server-dll":
                return File.Exists(value) ? Assign(() => ServerDll = Path.GetFullPath(value)) : $"No file at '{value}'.";
            case "--timeout":
                return Positive(value) is { } seconds ? Assign(() => Timeout = TimeSpan.FromSeconds(seconds)) : "--timeout must be positive.";
            default:
                return $"Unknown option '{name}'.";
        }
    }

    private static int? Positive(string value) => int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static string? Assign(Action set)
    {
        set();
        return null;
    }
}
