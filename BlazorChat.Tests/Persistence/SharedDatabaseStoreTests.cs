using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

using static BlazorChat.Tests.Persistence.StoreMessages;

namespace BlazorChat.Tests.Persistence;

/// <summary>
/// Several message stores — as several nodes would run them — on one database: positions come from the database,
/// so they stay gap-free, unique and in commit order, and a send repeated on two nodes is stored once.
/// </summary>
public abstract class SharedDatabaseStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase, new()
{
    private const int PerNode = 300;

    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task TwoNodes_WritingOneHotConversation_GetGapFreeUniqueSeqs_AndStoreEveryMessageOnce()
    {
        RequireDatabase();
        await using var east = database.NewMessageStore();
        await using var west = database.NewMessageStore();
        var room = Room();

        var acknowledged = await Task.WhenAll(SendAsync(east, room, "east"), SendAsync(west, room, "west"));

        var all = acknowledged.SelectMany(a => a).ToList();
        var stored = await east.GetAfterAsync(room, 0, 10 * PerNode);
        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(i => (long)i), all.Select(m => m.Seq).Order());
        Assert.All(acknowledged, node => Assert.Equal(node.Select(m => m.Seq).Order(), node.Select(m => m.Seq))); // queue order
        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(all.Select(m => (m.Seq, m.MessageId, m.Text)).Order(), stored.Select(m => (m.Seq, m.MessageId, m.Text)));
        Assert.Equal(2 * PerNode, await west.GetLatestSeqAsync(room));

        await using var db = await database.Contexts.CreateDbContextAsync();
        var head = await db.Conversations.AsNoTracking().SingleAsync(h => h.Key == room.Value);
        Assert.Equal((2L * PerNode, 2L * PerNode), (head.LastSeq, head.LastRev));
        Assert.Equal(0, await db.Messages.CountAsync(m => m.Conversation == room.Value && m.Rev != m.Seq));
    }

    [Fact]
    public async Task Reader_PollingWhileTwoNodesWrite_NeverSeesASeqBeforeEveryOneBelowIt()
    {
        RequireDatabase();
        await using var east = database.NewMessageStore();
        await using var west = database.NewMessageStore();
        await using var reader = database.NewMessageStore();
        var room = Room();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var load = Task.WhenAll(SendAsync(east, room, "east"), SendAsync(west, room, "west"));
        var polls = 0;
        var partial = 0;
        bool done;
        do
        {
            done = load.IsCompleted; // one last poll after the load
            var latest = await reader.GetLatestSeqAsync(room, deadline.Token);
            var seen = await reader.GetAfterAsync(room, 0, 10 * PerNode, deadline.Token);

            // Read committed: once N+1 is visible, so is everything below it, and the head never runs ahead of them.
            Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(m => m.Seq));
            Assert.InRange((long)seen.Count, latest, 2L * PerNode);
            polls++;
            partial += seen.Count is > 0 and < 2 * PerNode ? 1 : 0;
        }
        while (!done);

        await load;
        Assert.Equal(2 * PerNode, await reader.GetLatestSeqAsync(room));
        TestContext.Current.TestOutputHelper?.WriteLine($"{polls} polls, {partial} of them during the load");
    }

    [Fact]
    public async Task RepeatedSend_OnTwoNodesAtOnce_IsStoredOnce_AndBothAreAnsweredWithTheOriginal()
    {
        RequireDatabase();
        await using var east = database.NewMessageStore();
        await using var west = database.NewMessageStore();
        var room = Room();
        var answers = new List<(ChatMessage East, ChatMessage West)>();
        for (var round = 0; round < 5; round++)
        {
            var id = $"c-{round}-" + Guid.NewGuid().ToString("N");
            Task<ChatMessage> fromEast, fromWest;

            // Both nodes take the send while another writer holds the database, so both look it up before either
            // has stored it; the second to commit collides on the unique key and answers with the first's message.
            await using (await database.HoldWriteLockAsync())
            {
                fromEast = await east.EnqueueAsync(New(room, $"once {round}", "alice", id));
                fromWest = await west.EnqueueAsync(New(room, $"once {round}", "alice", id));
                await WaitUntilAsync(() => east.Waiting == 0 && west.Waiting == 0);
            }

            answers.Add((await fromEast, await fromWest));
        }

        var stored = await east.GetAfterAsync(room, 0, 100);
        Assert.All(answers, a => Assert.Equal((a.East.MessageId, a.East.Seq), (a.West.MessageId, a.West.Seq)));
        Assert.Equal(Enumerable.Range(0, 5).Select(r => $"once {r}"), stored.Select(m => m.Text));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], stored.Select(m => m.Seq));
        TestContext.Current.TestOutputHelper?.WriteLine($"groups retried after losing the race: {east.Retries + west.Retries}");
    }

    [Fact]
    public async Task ClientMsgIdReusedAfterItsWindow_InOneGroup_IsStoredAgain_AndTheNewerUseIsWhatARepeatGets()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var id = "c-" + Guid.NewGuid().ToString("N");
        var later = Now + new ChatOptions().IdempotencyWindow + TimeSpan.FromMinutes(1);
        Task<ChatMessage> first, reused;
        await using (await database.HoldWriteLockAsync())
        {
            await store.EnqueueAsync(New(room, "before"));
            await WaitUntilAsync(() => store.Waiting == 0);
            first = await store.EnqueueAsync(New(room, "first", "alice", id, Now));
            reused = await store.EnqueueAsync(New(room, "reused", "alice", id, later));
        }

        var (a, b) = (await first, await reused);
        var repeat = await store.AppendAsync(New(room, "reused again", "alice", id, later.AddMinutes(1)));

        Assert.Equal((2L, 3L), (a.Seq, b.Seq));
        Assert.Equal((b.MessageId, 3L), (repeat.MessageId, repeat.Seq));
        Assert.Equal(["before", "first", "reused"], (await store.GetAfterAsync(room, 0, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task Migration_OfADatabaseWithMessages_StartsEachConversationsHeadAtItsHighestSeq()
    {
        RequireDatabase();
        var old = new TDatabase();
        try
        {
            var (room, dm) = (Room(), ConversationKey.ForDirect("alice", "bob" + Guid.NewGuid().ToString("N")[..6]));
            await using (var db = await old.Contexts.CreateDbContextAsync())
            {
                var migrations = db.Database.GetMigrations().ToList();
                var previous = migrations[migrations.FindIndex(m => m.EndsWith("_AddConversationHeads", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(previous);

                // clientMsgId "c1" was used twice by alice, a day apart: the newer use is the one a repeat gets.
                await InsertOldRowAsync(db, "m1", room, 1, "c1", Now);
                await InsertOldRowAsync(db, "m2", room, 2, null, Now.AddMinutes(1));
                await InsertOldRowAsync(db, "m3", room, 3, "c1", Now.AddHours(25));
                await InsertOldRowAsync(db, "m4", dm, 1, "c2", Now);
                await InsertOldRowAsync(db, "m5", dm, 2, null, Now.AddMinutes(1));

                await db.Database.MigrateAsync();

                var heads = await db.Conversations.AsNoTracking().OrderBy(h => h.LastSeq).Select(h => new { h.Key, h.LastSeq, h.LastRev }).ToListAsync();
                var rows = await db.Messages.AsNoTracking().OrderBy(m => m.MessageId).Select(m => new { m.MessageId, m.Seq, m.Rev, m.IdempotencyKey }).ToListAsync();
                Assert.Equal(new[] { new { Key = dm.Value, LastSeq = 2L, LastRev = 2L }, new { Key = room.Value, LastSeq = 3L, LastRev = 3L } }, heads);
                Assert.All(rows, r => Assert.Equal(r.Seq, r.Rev));
                Assert.Equal(new string?[] { null, null, "c1", "c2", null }, rows.Select(r => r.IdempotencyKey));
            }

            await using var store = old.NewMessageStore();
            var next = await store.AppendAsync(New(room, "after the migration"));
            var repeat = await store.AppendAsync(New(room, "again", "alice", "c1", Now.AddHours(25).AddMinutes(5)));
            Assert.Equal(4, next.Seq);
            Assert.Equal(("m3", 3L), (repeat.MessageId, repeat.Seq));
            Assert.Equal(2, await store.GetLatestSeqAsync(dm));
        }
        finally
        {
            await old.DisposeAsync();
        }
    }

    private static Task<int> InsertOldRowAsync(ChatDbContext db, string id, ConversationKey conversation, long seq, string? clientMsgId, DateTimeOffset sentAt) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Messages" ("MessageId", "Conversation", "Seq", "From", "Room", "To", "Text", "SentAt", "ClientMsgId")
            VALUES ({id}, {conversation.Value}, {seq}, {"alice"}, {conversation.Room}, {(conversation.Room is null ? "bob" : null)}, {"old " + id}, {sentAt}, {clientMsgId})
            """);

    /// <summary>One node's sender: queues its messages one after another, as the service does, then awaits every commit.</summary>
    private static async Task<ChatMessage[]> SendAsync(EfChatMessageStore store, ConversationKey room, string node)
    {
        var commits = new List<Task<ChatMessage>>(PerNode);
        for (var i = 0; i < PerNode; i++)
        {
            commits.Add(await store.EnqueueAsync(New(room, $"{node} {i}", node, $"{room.Value}-{node}-{i}")));
            if (i % 16 == 0)
            {
                await Task.Yield(); // let the other node's sender in, so the two writers overlap
            }
        }

        return await Task.WhenAll(commits);
    }
}

public sealed class SqliteSharedDatabaseStoreTests(SqliteStoreDatabase database) : SharedDatabaseStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresSharedDatabaseStoreTests(PostgresStoreDatabase database) : SharedDatabaseStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
