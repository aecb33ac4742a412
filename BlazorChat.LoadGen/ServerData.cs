namespace BlazorChat.LoadGen;

/// <summary>
/// Everything a server keeps: its data directory (the SQLite file) and, on PostgreSQL, its database; the database holds
/// the data-protection keys that sign tokens, so a copy accepts the same tokens. Disposing deletes both.
/// </summary>
internal sealed class ServerData : IAsyncDisposable
{
    private ServerData(string directory, PostgresDatabase? database) => (Directory, Database) = (directory, database);

    public string Directory { get; }

    /// <summary>The PostgreSQL database, or null for SQLite.</summary>
    public PostgresDatabase? Database { get; }

    /// <param name="postgresServer">null for SQLite; else a connection string without a database.</param>
    public static ServerData CreateEmpty(string? postgresServer) =>
        new(NewDirectory(), postgresServer is null ? null : new PostgresDatabase(postgresServer));

    /// <summary>A fresh copy, for a server of its own; the server that wrote this one must have stopped.</summary>
    public async Task<ServerData> CopyAsync(CancellationToken cancellationToken)
    {
        var directory = NewDirectory();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new ServerData(directory, Database is null ? null : await Database.CopyAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        if (Database is not null)
        {
            await Database.DropAsync();
        }
    }

    private static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("blazorchat-load-").FullName;
}
