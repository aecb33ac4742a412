namespace BlazorChat.LoadGen;

/// <summary>
/// Everything a server keeps: its data directory (the SQLite file) and, on PostgreSQL, its database; the database holds
/// the data-protection keys that sign tokens, so a copy accepts the same tokens. Disposing deletes both.
/// </summary>
internal sealed class ServerData : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private ServerData(string directory, PostgresDatabase? database, bool ownsDatabase = true) =>
        (Directory, Database, _ownsDatabase) = (directory, database, ownsDatabase);

    public string Directory { get; }

    /// <summary>The PostgreSQL database, or null for SQLite.</summary>
    public PostgresDatabase? Database { get; }

    /// <param name="postgresServer">null for SQLite; else a connection string without a database.</param>
    public static ServerData CreateEmpty(string? postgresServer) =>
        new(NewDirectory(), postgresServer is null ? null : new PostgresDatabase(postgresServer));

    /// <summary>A fresh copy, for a server of its own; the server that wrote this one must have stopped.</summary>
    public async Task<ServerData> CopyAsync(CancellationToken cancellationToken) =>
        new(CopyDirectory(), Database is null ? null : await Database.CopyAsync(cancellationToken));

    /// <summary>
    /// For another node of the same deployment: a copy of the directory, and this same PostgreSQL database, which
    /// stays with this one's owner (disposing the result deletes only its directory).
    /// </summary>
    public ServerData ShareDatabase() =>
        Database is null
            ? throw new InvalidOperationException("Several nodes need a database they share: SQLite is one writer on one host.")
            : new(CopyDirectory(), Database, ownsDatabase: false);

    public async ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        if (Database is not null && _ownsDatabase)
        {
            await Database.DropAsync();
        }
    }

    private string CopyDirectory()
    {
        var directory = NewDirectory();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return directory;
    }

    private static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("blazorchat-load-").FullName;
}
