using BlazorChat.Domain;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorChat.Tests.Persistence;

/// <summary>A fresh, migrated chat database of one provider, for store tests.</summary>
public abstract class StoreDatabase : IAsyncLifetime
{
    public abstract IDbContextFactory<ChatDbContext> Contexts { get; }

    internal EfChatMessageStore NewMessageStore(int maxBatchSize = EfChatMessageStore.DefaultMaxBatch) =>
        new(Contexts, new ChatOptions(), new PersistenceOptions { MaxBatchSize = maxBatchSize }, NullLogger<EfChatMessageStore>.Instance);

    internal EfReadMarkerStore NewReadMarkerStore() => new(Contexts);

    internal EfMembershipStore NewMembershipStore() => new(Contexts, TimeProvider.System);

    internal IdentityUserDirectory NewUserDirectory() => new(Contexts);

    public virtual async ValueTask InitializeAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Takes the database's write lock, as a long transaction of another writer would, until disposed.</summary>
    public async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var db = await Contexts.CreateDbContextAsync();
        var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(LockMessagesSql);
        return new WriteLock(db, transaction);
    }

    protected abstract string LockMessagesSql { get; }

    private sealed class WriteLock(ChatDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}

public sealed class SqliteStoreDatabase : StoreDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("blazorchat-store-").FullName;
    private readonly PooledDbContextFactory<SqliteChatDbContext> _factory;

    public SqliteStoreDatabase()
    {
        _factory = new(new DbContextOptionsBuilder<SqliteChatDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory, "chat.db")}").Options);
        Contexts = new ChatDbContextFactory<SqliteChatDbContext>(_factory);
    }

    public override IDbContextFactory<ChatDbContext> Contexts { get; }

    // A write in an open transaction holds SQLite's single write lock until the transaction ends.
    protected override string LockMessagesSql => "DELETE FROM \"Messages\" WHERE 0";

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A new database on the PostgreSQL server that the test script starts (BLAZORCHAT_TEST_POSTGRES); outside CI,
/// without that server, the tests say so and are skipped.
/// </summary>
public sealed class PostgresStoreDatabase : StoreDatabase
{
    private readonly string? _connectionString;
    private readonly PooledDbContextFactory<PostgresChatDbContext>? _factory;

    public PostgresStoreDatabase()
    {
        if (Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES") is { Length: > 0 } server)
        {
            _connectionString = $"{server};Database=bc_{Guid.NewGuid():N}";
            _factory = new(new DbContextOptionsBuilder<PostgresChatDbContext>().UseNpgsql(_connectionString).Options);
            Contexts = new ChatDbContextFactory<PostgresChatDbContext>(_factory);
        }
    }

    public override IDbContextFactory<ChatDbContext> Contexts { get; } = null!;

    protected override string LockMessagesSql => "LOCK TABLE \"Messages\" IN SHARE ROW EXCLUSIVE MODE";

    public static void SkipWithoutServer()
    {
        if (Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES") is not { Length: > 0 })
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") is { Length: > 0 }, "CI must provide BLAZORCHAT_TEST_POSTGRES.");
            Assert.Skip("No PostgreSQL server: run scripts/test.sh, which starts one.");
        }
    }

    public override ValueTask InitializeAsync() => _factory is null ? ValueTask.CompletedTask : base.InitializeAsync();

    public override async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await db.Database.EnsureDeletedAsync();
        }
    }
}
