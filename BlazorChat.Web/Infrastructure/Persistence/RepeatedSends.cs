using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Repeated sends (the same sender's <c>clientMsgId</c>): found before the group's transaction in one query, and caught
/// by the unique (From, IdempotencyKey) when another writer stored one in between.
/// </summary>
internal static class RepeatedSends
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const string IdempotencyIndex = "IX_Messages_From_IdempotencyKey";

    /// <summary>A failure that another writer caused and that a second try resolves.</summary>
    public static bool IsLostRace(Exception ex) => (ex is DbUpdateException { InnerException: { } inner } ? inner : ex) switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique } sqlite => sqlite.Message.Contains(nameof(StoredMessage.IdempotencyKey), StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == IdempotencyIndex,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    };

    /// <summary>The newest stored use of each (sender, clientMsgId) of the group, in one query.</summary>
    public static async Task<Dictionary<(string From, string ClientMsgId), StoredMessage>> FindOriginalsAsync(
        ChatDbContext db, List<PendingAppend> batch)
    {
        var originals = new Dictionary<(string, string), StoredMessage>();
        var ids = batch.Select(p => p.Message.ClientMsgId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return originals;
        }

        var senders = batch.Where(p => p.Message.ClientMsgId is not null).Select(p => p.Message.From).Distinct(StringComparer.Ordinal).ToList();
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => senders.Contains(m.From) && m.IdempotencyKey != null && ids.Contains(m.IdempotencyKey))
            .ToListAsync();
        foreach (var candidate in candidates)
        {
            originals[(candidate.From, candidate.IdempotencyKey!)] = candidate;
        }

        return originals;
    }
}
