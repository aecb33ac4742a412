namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// One server of the comparison as a fresh child process: BlazorChat (or the baseline build) on a fresh copy of the
/// accounts, with SQLite persistence on, clients signing in with bearer tokens; or a reference, clients connecting to
/// <c>/ws?room=all</c> with nothing else. Disposing kills it and deletes its data.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly ServerProcess? _blazorChat;
    private readonly ServerData? _data;
    private readonly ReferenceProcess? _reference;
    private readonly IReadOnlyList<string>? _userTokens;

    private BenchServer(string name, ServerProcess blazorChat, ServerData data, IReadOnlyList<string> userTokens)
    {
        (Name, _blazorChat, _data, _userTokens) = (name, blazorChat, data, userTokens);
        SocketUri = blazorChat.SocketUri;
    }

    private BenchServer(string name, ReferenceProcess reference)
    {
        (Name, _reference) = (name, reference);
        SocketUri = new Uri($"ws://{reference.BaseAddress.Authority}/ws?room=all");
    }

    public string Name { get; }

    public Uri SocketUri { get; }

    public int ProcessId => _blazorChat?.ProcessId ?? _reference!.ProcessId;

    public string RecentOutput => _blazorChat?.RecentOutput ?? _reference!.RecentOutput;

    /// <summary>Every user's token, in user order, for BlazorChat; null for a reference.</summary>
    public IReadOnlyList<string>? UserTokens => _userTokens;

    /// <summary>The token client <paramref name="client"/> signs in with (user <c>client % users</c>), or null.</summary>
    public string? TokenOf(int client) => _userTokens is null ? null : _userTokens[client % _userTokens.Count];

    /// <param name="accounts">The accounts of the build <paramref name="name"/> runs (BlazorChat and baseline only).</param>
    /// <param name="fdLimit">A lower open-file limit to start the server under, or null to keep the inherited one.</param>
    public static async Task<BenchServer> StartAsync(
        string name, ServerPaths paths, AccountSet? accounts, int? fdLimit, CancellationToken cancellationToken)
    {
        return name switch
        {
            "blazorchat" or "baseline" => await StartBlazorChatAsync(
                name, name == "baseline" ? paths.BaselineDll! : paths.BlazorChatDll, accounts!, fdLimit, cancellationToken),
            "kestrel" => new BenchServer(name, await ReferenceProcess.StartKestrelAsync(paths.KestrelDll, fdLimit, cancellationToken)),
            "node" => new BenchServer(name, await ReferenceProcess.StartNodeAsync(paths.NodeScript, paths.NodeModules, fdLimit, cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown server"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_blazorChat is not null)
        {
            await _blazorChat.DisposeAsync();
        }

        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        if (_reference is not null)
        {
            await _reference.DisposeAsync();
        }
    }

    private static async Task<BenchServer> StartBlazorChatAsync(
        string name, string dll, AccountSet accounts, int? fdLimit, CancellationToken cancellationToken)
    {
        var data = await accounts.CopyDataAsync(cancellationToken);
        try
        {
            var process = await ServerProcess.StartAsync(dll, data, maxBatchSize: null, fileLimit: fdLimit, cancellationToken: cancellationToken);
            return new BenchServer(name, process, data, accounts.TokensInUserOrder);
        }
        catch
        {
            await data.DisposeAsync();
            throw;
        }
    }
}
