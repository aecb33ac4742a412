namespace BlazorChat.LoadGen;

/// <summary>
/// The load generator's subcommands, each with options of its own (<c>SUBCOMMAND --help</c>); without one it runs the
/// group-commit or topology comparison as before. scripts/bench.sh runs the ones that <c>--help</c> lists here.
/// </summary>
internal static class Subcommands
{
    // One line per subcommand (append yours).
    private static readonly Subcommand[] All =
    [
        new("fanout", "BlazorChat's /ws against a bare Kestrel and a bare Node ws broadcast server (Fanout/)", Fanout.FanoutCommand.RunAsync),
        new("connections", "connect storm, idle density and the fd limit against bare Kestrel and Node ws (Connections/)", Connections.ConnectionsCommand.RunAsync),
        new("circuits", "server memory per idle Blazor chat circuit, driven by headless Chromium (Circuits/)", Circuits.CircuitsCommand.RunAsync),
    ];

    public static string Usage =>
        "Subcommands (each with its own --help):\n" + string.Concat(All.Select(s => $"  {s.Name,-12} {s.Description}\n"));

    public static Subcommand? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}

/// <summary>A subcommand: its name, one line saying what it measures, and what runs it (returning the exit code).</summary>
internal sealed record Subcommand(string Name, string Description, Func<IReadOnlyList<string>, Task<int>> RunAsync);
