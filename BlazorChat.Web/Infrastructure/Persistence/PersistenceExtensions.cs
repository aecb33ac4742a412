using BlazorChat.Domain.Abstractions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorChat.Web.Infrastructure.Persistence;

internal static class PersistenceExtensions
{
    /// <summary>
    /// The chat database: <c>Persistence:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) with
    /// <c>ConnectionStrings:Chat</c>. For SQLite an empty connection string means a file in the data directory,
    /// created on first run.
    /// </summary>
    public static WebApplicationBuilder AddChatPersistence(this WebApplicationBuilder builder)
    {
        var dataDirectory = Path.Combine(
            builder.Environment.ContentRootPath, builder.Configuration["Chat:DataDirectory"] is { Length: > 0 } d ? d : "App_Data");
        Directory.CreateDirectory(dataDirectory);
        var configured = builder.Configuration.GetConnectionString("Chat");
        var persistence = builder.Configuration.GetSection("Persistence").Get<PersistenceOptions>() ?? new PersistenceOptions();
        var services = builder.Services;
        services.AddSingleton(persistence);

        // The keys that sign cookies and tokens live in the chat database (the context's DataProtectionKeys), so that
        // they outlive restarts and every node on the same database accepts what any other node issued.
        var dataProtection = services.AddDataProtection().SetApplicationName("BlazorChat");

        if (persistence.Provider == PersistenceProvider.Postgres)
        {
            var connectionString = configured is { Length: > 0 }
                ? configured
                : throw new InvalidOperationException("Persistence:Provider is Postgres: set ConnectionStrings:Chat to the server.");
            AddPooledContexts<PostgresChatDbContext>(services, options => options.UseNpgsql(connectionString));
            dataProtection.PersistKeysToDbContext<PostgresChatDbContext>();
        }
        else
        {
            var connectionString = configured is { Length: > 0 }
                ? configured
                : $"Data Source={Path.Combine(dataDirectory, "blazorchat.db")}";
            AddPooledContexts<SqliteChatDbContext>(services, options => options.UseSqlite(connectionString));
            dataProtection.PersistKeysToDbContext<SqliteChatDbContext>();
        }

        // Identity's stores take the context from the request scope.
        services.AddScoped<ChatDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContext());
        services.AddSingleton<IMembershipStore, EfMembershipStore>();
        services.AddSingleton<IUserDirectory, IdentityUserDirectory>();
        services.AddSingleton<IChatMessageStore, EfChatMessageStore>();
        services.AddSingleton<IReadMarkerStore, EfReadMarkerStore>();

        // Earlier versions kept the keys in this folder: they are copied into the database at start (MigrateChatDatabaseAsync).
        services.AddSingleton(sp => new DataProtectionKeyImport(
            Path.Combine(dataDirectory, "keys"),
            sp.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
            sp.GetRequiredService<ILogger<DataProtectionKeyImport>>()));
        return builder;
    }

    /// <summary>
    /// Contexts come from a pool: a context made afresh resolves dozens of EF's internal services, which was most of
    /// a small query's cost (a quarter to a half of each query on a socket's connect path, by profile). Disposing one
    /// returns it to the pool, reset. The context type itself is scoped for Data Protection's key repository.
    /// </summary>
    private static void AddPooledContexts<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : ChatDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddSingleton<IDbContextFactory<ChatDbContext>, ChatDbContextFactory<TContext>>();
    }

    /// <summary>
    /// Applies pending migrations, creating the database on first run, imports data-protection key files of earlier
    /// versions and loads the key ring (making the first key of a new database); SQLite runs in WAL mode. Nodes starting
    /// together on PostgreSQL do this one at a time (<see cref="StartupTurn"/>).
    /// </summary>
    public static async Task MigrateChatDatabaseAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        await using var turn = await StartupTurn.TakeAsync(db);
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // Readers don't block the writer; WAL is a property of the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        // Before anything reads the key ring, so cookies signed with a key from the old folder are still accepted.
        await app.Services.GetRequiredService<DataProtectionKeyImport>().ImportAsync();
        // Reads the keys now, within this node's turn, making the first one if there is none (the repository uses a
        // connection of its own): the next node to start finds it.
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("BlazorChat.Startup").Protect([1]);
    }
}
