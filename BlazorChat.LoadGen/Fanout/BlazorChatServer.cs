namespace BlazorChat.LoadGen.Fanout;

/// <summary>BlazorChat (this build, or a baseline's) on a fresh copy of the registered accounts, SQLite and the default group commit.</summary>
internal sealed class BlazorChatServer : IFanoutServer
{
    private readonly ServerProcess _process;
    private readonly ServerData _data;

    private BlazorChatServer(string name, ServerProcess process, ServerData data) => (Name, _process, _data) = (name, process, data);

    public string Name { get; }

    public bool IsBlazorChat => true;

    public int Port => _process.BaseAddress.Port;

    public int ProcessId => _process.ProcessId;

    public string RecentOutput => _process.RecentOutput;

    public static async Task<BlazorChatServer> StartAsync(string name, string serverDll, AccountTemplate accounts, CancellationToken cancellationToken)
    {
        var data = await accounts.CopyDataAsync(cancellationToken);
        try
        {
            var process = await ServerProcess.StartAsync(serverDll, data, maxBatchSize: null, cancellationToken: cancellationToken);
            return new BlazorChatServer(name, process, data);
        }
        catch
        {
            await data.DisposeAsync();
            throw;
        }
    }

    public Uri SocketUri(FanoutGroup group) => _process.SocketUri;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _data.DisposeAsync();
    }
}
