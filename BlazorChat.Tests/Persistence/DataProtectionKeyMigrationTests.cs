using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorChat.Tests.Persistence;

/// <summary>The <c>DataProtectionKeys</c> table: on a fresh database, and added to one that already holds a chat.</summary>
public abstract class DataProtectionKeyMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase, new()
{
    private const string Migration = "_AddDataProtectionKeys";

    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task FreshDatabase_HasTheKeysTable_AndItsMigrationsMatchTheModel()
    {
        RequireDatabase();
        await using var db = await database.Contexts.CreateDbContextAsync();

        var name = $"key-{Guid.NewGuid()}";
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = "<key />" });
        await db.SaveChangesAsync();

        Assert.Contains(db.Database.GetAppliedMigrations(), m => m.EndsWith(Migration, StringComparison.Ordinal));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration of this provider holds.");
        Assert.Equal("<key />", await db.DataProtectionKeys.Where(k => k.FriendlyName == name).Select(k => k.Xml).SingleAsync());
    }

    [Fact]
    public async Task Upgrade_OfADatabaseWithAChat_AddsAnEmptyKeysTable_AndKeepsTheChat()
    {
        RequireDatabase();
        var old = new TDatabase();
        try
        {
            await using var db = await old.Contexts.CreateDbContextAsync();
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith(Migration, StringComparison.Ordinal)) - 1]);
            db.Conversations.Add(new ConversationHead { Key = "r-before", LastSeq = 7, LastRev = 7 });
            await db.SaveChangesAsync();

            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
            Assert.Equal(7, await db.Conversations.Where(h => h.Key == "r-before").Select(h => h.LastSeq).SingleAsync());
        }
        finally
        {
            await old.DisposeAsync();
        }
    }
}

public sealed class SqliteDataProtectionKeyMigrationTests(SqliteStoreDatabase database)
    : DataProtectionKeyMigrationTests<SqliteStoreDatabase>(database);

public sealed class PostgresDataProtectionKeyMigrationTests(PostgresStoreDatabase database)
    : DataProtectionKeyMigrationTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
