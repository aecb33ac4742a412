using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// On PostgreSQL, nodes that start together take turns through the start-up steps (migrations, the key import, the first
/// data-protection key), under a database-wide advisory lock. Without it, on a new database each would apply the same
/// migrations at once (EF Core's own migration lock does not prevent it there) and each would make a first key of its
/// own, then refuse the cookies and tokens of the others until its key ring is next refreshed. SQLite is one machine's
/// file: nothing to take turns on.
/// </summary>
internal sealed class StartupTurn : IAsyncDisposable
{
    // Any constant: it only names this lock among the database's advisory locks.
    private const long LockId = 0x426C_6174_5374_6172;

    private readonly ChatDbContext? _db;

    private StartupTurn(ChatDbContext? db) => _db = db;

    public static async Task<StartupTurn> TakeAsync(ChatDbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            return new StartupTurn(null);
        }

        // The lock lives in the database, so the database must exist first; two nodes may both try to create it.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken); // a session lock: held on this one connection
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockId})", cancellationToken);
        return new StartupTurn(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockId})");
            await _db.Database.CloseConnectionAsync();
        }
    }
}
