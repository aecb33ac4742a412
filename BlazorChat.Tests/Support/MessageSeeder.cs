using BlazorChat.Domain.Messages;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Support;

/// <summary>Fills a room's history straight in the app's SQLite database: a long conversation in well under a second.</summary>
public static class MessageSeeder
{
    /// <summary>
    /// Stores messages 1..<paramref name="count"/> of a room nobody has written to yet, from <paramref name="from"/>,
    /// one second apart, with the text <c>message {seq}</c>, and the room's head row at <paramref name="count"/>.
    /// </summary>
    public static async Task SeedRoomAsync(this ChatAppFactory app, string room, int count, string from = "seedbot")
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var conversation = ConversationKey.ForRoom(room).Value;
        var prefix = "seed-" + Guid.NewGuid().ToString("N")[..8] + "-";
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "Messages" ("MessageId", "Conversation", "Seq", "Rev", "From", "Room", "To", "Text", "SentAt", "ClientMsgId")
            SELECT {prefix} || i, {conversation}, i, i, {from}, {room}, NULL, 'message ' || i,
                   strftime('%Y-%m-%d %H:%M:%S', '2026-01-01 00:00:00', '+' || i || ' seconds') || '+00:00', NULL
            FROM n
            """);

        // The conversation's positions live in its head row: the next message written takes count + 1.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Conversations" ("Key", "LastSeq", "LastRev") VALUES ({conversation}, {count}, {count})
            """);
    }
}
