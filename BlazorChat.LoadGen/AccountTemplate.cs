using System.Collections.Concurrent;

namespace BlazorChat.LoadGen;

/// <summary>
/// Every user registered once, on a server whose data each run then copies. Password hashing is slow by design and
/// is not what is measured; the tokens stay valid in every copy, which holds the same signing keys.
/// </summary>
internal sealed class AccountTemplate : IAsyncDisposable
{
    private readonly ServerData _data;

    private AccountTemplate(ServerData data, IReadOnlyDictionary<string, string> tokens) => (_data, Tokens) = (data, tokens);

    /// <summary>An access token for each user.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    public static async Task<AccountTemplate> CreateAsync(
        string serverDll, string? postgresServer, IEnumerable<string> users, CancellationToken cancellationToken)
    {
        var data = ServerData.CreateEmpty(postgresServer);
        try
        {
            var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            await using (var server = await ServerProcess.StartAsync(serverDll, data, maxBatchSize: null, cancellationToken: cancellationToken))
            {
                using var api = new AccountApi(server.BaseAddress);
                await Parallel.ForEachAsync(users, cancellationToken, async (user, ct) => tokens[user] = await api.RegisterAndSignInAsync(user, ct));
            }

            return new AccountTemplate(data, tokens);
        }
        catch
        {
            await data.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh copy of the accounts (and nothing else) for one run's server.</summary>
    public Task<ServerData> CopyDataAsync(CancellationToken cancellationToken) => _data.CopyAsync(cancellationToken);

    public ValueTask DisposeAsync() => _data.DisposeAsync();
}
