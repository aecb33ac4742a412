namespace BlazorChat.LoadGen.Fanout;

/// <summary>Where the servers and the report are: given options, else found from the repository this build is in.</summary>
internal sealed record FanoutPaths(string? ServerDll, string? KestrelDll, string? NodeScript, string? NodeModules, string Output)
{
    public static FanoutPaths Resolve(FanoutOptions options)
    {
        var repo = RepositoryRoot();
        string? InRepo(string relative) => repo is null ? null : Path.Combine(repo, relative);
        var nodePath = Environment.GetEnvironmentVariable("NODE_PATH");
        return new FanoutPaths(
            options.ServerDll ?? ServerBuild.NextToLoadGenerator(),
            options.KestrelDll ?? InRepo(Path.Combine("bench", "KestrelBroadcast", "bin", "Release", "net10.0", "KestrelBroadcast.dll")),
            options.NodeScript ?? InRepo(Path.Combine("bench", "node-broadcast", "server.js")),
            options.NodeModules ?? (string.IsNullOrEmpty(nodePath) ? InRepo(Path.Combine(".tools", "node-broadcast", "node_modules")) : nodePath),
            options.Output ?? Path.Combine(repo ?? Environment.CurrentDirectory, "artifacts", "bench", "fanout.md"));
    }

    /// <summary>Why a selected server cannot run, or null.</summary>
    public string? Missing(IReadOnlyList<string> servers)
    {
        if (servers.Contains("blazorchat") && !File.Exists(ServerDll))
        {
            return "BlazorChat.Web.dll was not found next to this build; pass --server-dll.";
        }

        if (servers.Contains("kestrel") && !File.Exists(KestrelDll))
        {
            return $"The Kestrel reference is not built ({KestrelDll}): dotnet build -c Release bench/KestrelBroadcast, or pass --kestrel-dll.";
        }

        if (servers.Contains("node") && (!File.Exists(NodeScript) || !Directory.Exists(Path.Combine(NodeModules ?? "", "ws"))))
        {
            return $"The Node reference needs {NodeScript} and the ws package in {NodeModules} (bash scripts/bench.sh installs it), or pass --node-modules.";
        }

        return null;
    }

    /// <summary>The nearest folder above this build that holds BlazorChat.sln.</summary>
    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BlazorChat.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
