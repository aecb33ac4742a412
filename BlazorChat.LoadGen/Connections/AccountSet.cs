using System.Globalization;
using System.Security.Cryptography;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// The accounts one BlazorChat build's runs copy, and their tokens in user order (client i signs in as user i % count).
/// Registering 1,000 users hashes 2,000 passwords (minutes on a busy 2-core machine), so the registered data and tokens
/// are kept under <c>artifacts/bench/accounts/</c> (git-ignored; throwaway accounts) and reused for 20 hours by runs of
/// the same build (the dll's SHA-256: a rebuild rewrites it with a new time) and user count — the template server
/// issues tokens valid for a day.
/// </summary>
internal sealed class AccountSet : IAsyncDisposable
{
    private static readonly TimeSpan Reusable = TimeSpan.FromHours(20);

    private readonly ServerData _data;

    private AccountSet(ServerData data, IReadOnlyList<string> tokensInUserOrder, bool reused) =>
        (_data, TokensInUserOrder, Reused) = (data, tokensInUserOrder, reused);

    public IReadOnlyList<string> TokensInUserOrder { get; }

    /// <summary>Whether the accounts came from the cache rather than a registration.</summary>
    public bool Reused { get; }

    /// <summary>A fresh copy of the accounts for one run's server.</summary>
    public Task<ServerData> CopyDataAsync(CancellationToken cancellationToken) => _data.CopyAsync(cancellationToken);

    public static async Task<AccountSet> LoadOrRegisterAsync(string serverDll, int users, string cacheRoot, CancellationToken cancellationToken)
    {
        var build = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(serverDll, cancellationToken)))[..16];
        var cache = Path.Combine(cacheRoot, string.Create(CultureInfo.InvariantCulture, $"{users}-users-{build}"));
        var tokensFile = Path.Combine(cache, "tokens.txt");
        if (File.Exists(tokensFile) && DateTime.UtcNow - File.GetLastWriteTimeUtc(tokensFile) < Reusable)
        {
            var data = ServerData.CreateEmpty(postgresServer: null);
            CopyFiles(Path.Combine(cache, "data"), data.Directory);
            return new AccountSet(data, await File.ReadAllLinesAsync(tokensFile, cancellationToken), reused: true);
        }

        string[] names = [.. Enumerable.Range(0, users).Select(i => $"conn{i:D5}")];
        await using var template = await AccountTemplate.CreateAsync(serverDll, postgresServer: null, names, cancellationToken);
        var copy = await template.CopyDataAsync(cancellationToken);
        string[] tokens = [.. names.Select(n => template.Tokens[n])];
        Save(cache, copy.Directory, tokens);
        return new AccountSet(copy, tokens, reused: false);
    }

    public ValueTask DisposeAsync() => _data.DisposeAsync();

    private static void Save(string cache, string dataDirectory, string[] tokens)
    {
        var staging = cache + ".new";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        CopyFiles(dataDirectory, Path.Combine(staging, "data"));
        File.WriteAllLines(Path.Combine(staging, "tokens.txt"), tokens); // last: its presence says the cache is whole
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        Directory.Move(staging, cache);
    }

    private static void CopyFiles(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
