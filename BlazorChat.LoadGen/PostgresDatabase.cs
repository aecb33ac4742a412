using Npgsql;

namespace BlazorChat.LoadGen;

/// <summary>A database of its own on a PostgreSQL server: created by the chat server's migrations or copied from another.</summary>
internal sealed class PostgresDatabase(string server)
{
    private static readonly TimeSpan CopyPatience = TimeSpan.FromSeconds(10);

    public string Name { get; } = $"blazorchat_load_{Guid.NewGuid():N}";

    /// <summary>What the chat server connects to.</summary>
    public string ConnectionString => $"{server};Database={Name}";

    /// <summary>A new database with this one's contents (PostgreSQL's <c>CREATE DATABASE … TEMPLATE</c>).</summary>
    public async Task<PostgresDatabase> CopyAsync(CancellationToken cancellationToken)
    {
        var copy = new PostgresDatabase(server);
        var deadline = DateTime.UtcNow + CopyPatience;
        while (true)
        {
            try
            {
                await ExecuteAsync($"CREATE DATABASE \"{copy.Name}\" TEMPLATE \"{Name}\"", cancellationToken);
                return copy;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && DateTime.UtcNow < deadline)
            {
                // The killed server's sessions are still ending; a template must have none.
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>The server's version and durability settings, for the report.</summary>
    public static async Task<string> DescribeServerAsync(string server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)} (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)})";
    }

    public Task DropAsync() => ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
