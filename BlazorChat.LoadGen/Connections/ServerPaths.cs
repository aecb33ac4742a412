namespace BlazorChat.LoadGen.Connections;

/// <summary>Where each server of the comparison is, by default in this repository's build outputs.</summary>
internal sealed record ServerPaths(string BlazorChatDll, string? BaselineDll, string KestrelDll, string NodeScript, string NodeModules, string RepoRoot)
{
    public static ServerPaths Resolve(ConnectionsOptions options)
    {
        var root = FindRepoRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release"; // bin/<Configuration>/net10.0/
        return new ServerPaths(
            options.ServerDll ?? ServerBuild.NextToLoadGenerator() ?? Path.Combine(root, "BlazorChat.Web", "bin", configuration, "net10.0", "BlazorChat.Web.dll"),
            options.BaselineDll,
            options.KestrelDll ?? Path.Combine(root, "bench", "KestrelBroadcast", "bin", configuration, "net10.0", "KestrelBroadcast.dll"),
            options.NodeScript ?? Path.Combine(root, "bench", "node-broadcast", "server.js"),
            options.NodeModules ?? Path.Combine(root, ".tools", "node-broadcast", "node_modules"),
            root);
    }

    /// <summary>Why a server the run needs is missing, or null when all are there.</summary>
    public string? Missing(IReadOnlyList<string> servers) => servers
        .Select(s => s switch
        {
            "blazorchat" when !File.Exists(BlazorChatDll) => $"{BlazorChatDll} is missing: build BlazorChat.LoadGen in Release, or pass --server-dll.",
            "baseline" when !File.Exists(BaselineDll) => $"--baseline-dll {BaselineDll} does not exist.",
            "kestrel" when !File.Exists(KestrelDll) => $"{KestrelDll} is missing: dotnet build -c Release bench/KestrelBroadcast, or pass --kestrel-dll.",
            "node" when !File.Exists(NodeScript) => $"{NodeScript} is missing (--node-script).",
            "node" when !Directory.Exists(Path.Combine(NodeModules, "ws")) =>
                $"{NodeModules}/ws is missing: npm install --prefix .tools/node-broadcast ./bench/node-broadcast, or pass --node-modules.",
            _ => null,
        })
        .FirstOrDefault(m => m is not null);

    /// <summary>The folder holding BlazorChat.sln above this program (else the current directory).</summary>
    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorChat.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
