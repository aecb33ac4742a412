using System.Globalization;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// The registered accounts (a SQLite data directory with its signing keys) kept on disk between runs, in a git-ignored
/// folder: registering 1,000 users hashes 2,000 passwords, minutes on a busy 2-core machine, and is not what is
/// measured. Delete the folder to register afresh. The server migrates a cached database made by an older build.
/// </summary>
internal static class AccountsCache
{
    private const string Marker = "registered-users.txt";

    /// <summary>A fresh copy of the accounts for one server: from the cache, or registered now (and cached).</summary>
    public static async Task<ServerData> FreshCopyAsync(string cacheFolder, string serverDll, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(cacheFolder, users.Count.ToString(CultureInfo.InvariantCulture)));
        var marker = Path.Combine(folder, Marker);
        if (!File.Exists(marker) || !(await File.ReadAllLinesAsync(marker, cancellationToken)).SequenceEqual(users))
        {
            Console.Error.WriteLine($"Registering {users.Count} users once (cached in {folder})…");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var accounts = await AccountTemplate.CreateAsync(serverDll, postgresServer: null, users, cancellationToken);
            await using var registered = await accounts.CopyDataAsync(cancellationToken);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            CopyTree(registered.Directory, folder);
            await File.WriteAllLinesAsync(marker, users, cancellationToken); // last: a half-written cache has no marker
            Console.Error.WriteLine($"  done in {clock.Elapsed.TotalSeconds:0} s");
        }
        else
        {
            Console.Error.WriteLine($"{users.Count} registered users from {folder}");
        }

        var data = ServerData.CreateEmpty(postgresServer: null);
        CopyTree(folder, data.Directory, except: Marker);
        return data;
    }

    private static void CopyTree(string from, string to, string? except = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative == except)
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
