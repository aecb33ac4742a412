using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Two nodes on one database share the data-protection keys through it: a cookie or token issued by either is
/// accepted by the other, and no key is written to a node's own data directory.
/// </summary>
public abstract class SharedKeysTests
{
    /// <summary>Points a node at the shared database.</summary>
    protected abstract void UseSharedDatabase(ChatAppFactory node);

    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task CookieAndToken_IssuedByEitherNode_AreAcceptedByTheOther_WithTheKeysOnlyInTheDatabase()
    {
        RequireDatabase();
        await using var east = Node();
        await using var west = Node();
        east.EnsureStarted();
        west.EnsureStarted();

        foreach (var (issuer, other) in new[] { (east, west), (west, east) })
        {
            var credentials = await Credentials.IssueAsync(issuer, "roamer");

            var (byToken, byCookie) = await credentials.HelloUsersAsync(other);

            Assert.Equal(credentials.UserName, byToken, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(credentials.UserName, byCookie, StringComparer.OrdinalIgnoreCase);
        }

        await using var scope = east.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith("<key id=", k.Xml, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(east.DataDirectory, "keys")));
        Assert.False(Directory.Exists(Path.Combine(west.DataDirectory, "keys")));
    }

    protected ChatAppFactory Node()
    {
        var node = new ChatAppFactory();
        UseSharedDatabase(node);
        return node;
    }
}

public sealed class SqliteSharedKeysTests : SharedKeysTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("blazorchat-shared-").FullName;

    protected override void UseSharedDatabase(ChatAppFactory node) =>
        node.Settings["ConnectionStrings:Chat"] = $"Data Source={Path.Combine(_directory, "chat.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresSharedKeysTests : SharedKeysTests, IAsyncDisposable
{
    private readonly string _connectionString =
        $"{Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES")};Database=bc_{Guid.NewGuid():N}";

    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();

    [Fact]
    public async Task NodesStartingTogether_OnAnEmptyDatabase_AllTakeOneFirstKey()
    {
        RequireDatabase();
        var nodes = Enumerable.Range(0, 3).Select(_ => Node()).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(node => Task.Run(node.EnsureStarted)));

            await using var scope = nodes[0].Services.CreateAsyncScope();
            Assert.Single(await scope.ServiceProvider.GetRequiredService<ChatDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    protected override void UseSharedDatabase(ChatAppFactory node)
    {
        node.Settings["Persistence:Provider"] = "Postgres";
        node.Settings["ConnectionStrings:Chat"] = _connectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES") is { Length: > 0 })
        {
            NpgsqlConnection.ClearAllPools();
            await using var db = new PostgresChatDbContext(new DbContextOptionsBuilder<PostgresChatDbContext>().UseNpgsql(_connectionString).Options);
            await db.Database.EnsureDeletedAsync();
        }
    }
}
