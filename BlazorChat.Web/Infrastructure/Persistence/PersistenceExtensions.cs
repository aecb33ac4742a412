using BlazorChat.Domain.Abstractions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

internal static class PersistenceExtensions
{
    /// <summary>
    /// The chat database is whatever <c>ConnectionStrings:Chat</c> names; left empty, a SQLite file in the
    /// data directory, created on first run.
    /// </summary>
    public static WebApplicationBuilder AddChatPersistence(this WebApplicationBuilder builder)
    {
        var dataDirectory = Path.Combine(
            builder.Environment.ContentRootPath, builder.Configuration["Chat:DataDirectory"] is { Length: > 0 } d ? d : "App_Data");
        Directory.CreateDirectory(dataDirectory);
        var connectionString = builder.Configuration.GetConnectionString("Chat") is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(dataDirectory, "blazorchat.db")}";

        builder.Services.AddDbContextFactory<ChatDbContext>(options => options.UseSqlite(connectionString));
        builder.Services.AddSingleton<IMembershipStore, EfMembershipStore>();
        builder.Services.AddSingleton<IUserDirectory, IdentityUserDirectory>();

        // Keys outlive restarts, so cookies and tokens stay valid when the server comes back.
        builder.Services.AddDataProtection()
            .SetApplicationName("BlazorChat")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        return builder;
    }

    /// <summary>Applies pending migrations, creating the database on first run.</summary>
    public static async Task MigrateChatDatabaseAsync(this WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }
}
