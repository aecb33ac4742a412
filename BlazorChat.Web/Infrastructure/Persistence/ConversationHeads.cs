using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Advances conversations' heads (<see cref="ConversationHead"/>) inside the caller's transaction.</summary>
internal static class ConversationHeads
{
    /// <summary>
    /// Gives each conversation <paramref name="counts"/>[key] more seqs and revs and returns its new last seq and rev, in one
    /// upsert (SQLite ≥ 3.35 and PostgreSQL share the syntax). On PostgreSQL the statement takes each row's lock
    /// until commit, in ordinal key order so two writers never wait on each other in a cycle; on SQLite the
    /// transaction already holds the database's one write lock.
    /// </summary>
    public static async Task<Dictionary<string, (long Seq, long Rev)>> AdvanceAsync(
        ChatDbContext db, IReadOnlyDictionary<string, (int Seqs, int Revs)> counts, CancellationToken cancellationToken = default)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Positions are only given out inside the transaction that uses them.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var sql = new StringBuilder("INSERT INTO \"Conversations\" (\"Key\", \"LastSeq\", \"LastRev\") VALUES ");
        var i = 0;
        foreach (var key in counts.Keys.Order(StringComparer.Ordinal))
        {
            sql.Append(i == 0 ? "" : ", ").Append($"(@k{i}, @s{i}, @r{i})");
            Add(command, $"@k{i}", key);
            Add(command, $"@s{i}", (long)counts[key].Seqs);
            Add(command, $"@r{i}", (long)counts[key].Revs);
            i++;
        }

        sql.Append(" ON CONFLICT (\"Key\") DO UPDATE SET \"LastSeq\" = \"Conversations\".\"LastSeq\" + excluded.\"LastSeq\",")
            .Append(" \"LastRev\" = \"Conversations\".\"LastRev\" + excluded.\"LastRev\" RETURNING \"Key\", \"LastSeq\", \"LastRev\"");
        command.CommandText = sql.ToString();

        var last = new Dictionary<string, (long Seq, long Rev)>(counts.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return last;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
