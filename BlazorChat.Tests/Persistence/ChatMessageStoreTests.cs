using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Tests.Support;
using BlazorChat.Domain.Messages;

using static BlazorChat.Tests.Persistence.StoreMessages;

namespace BlazorChat.Tests.Persistence;

/// <summary>One suite for every message store: SQLite and PostgreSQL through EF Core.</summary>
public abstract class ChatMessageStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase
{

    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task Append_NumbersEachConversationFromOne_WithoutGaps()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var dm = ConversationKey.ForDirect("alice", Guid.NewGuid().ToString("N")[..8]);

        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            seqs.Add((await store.AppendAsync(New(room, $"r{i}"))).Seq);
        }

        var first = await store.AppendAsync(New(dm, "d0"));

        Assert.Equal([1, 2, 3], seqs);
        Assert.Equal(1, first.Seq);
        Assert.Equal(3, await store.GetLatestSeqAsync(room));
        Assert.Equal(1, await store.GetOldestSeqAsync(room));
    }

    [Fact]
    public async Task ConcurrentAppends_ToManyConversations_AreAllStoredWithGapFreeSeqs()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var rooms = Enumerable.Range(0, 4).Select(_ => Room()).ToArray();

        // The service appends one at a time per conversation; across conversations they race and are grouped.
        var appended = await Task.WhenAll(rooms.Select(async room =>
        {
            var seqs = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                seqs.Add((await store.AppendAsync(New(room, $"m{i}"))).Seq);
            }

            return seqs;
        }));

        Assert.All(appended, seqs => Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), seqs));
        foreach (var room in rooms)
        {
            var all = await store.GetAfterAsync(room, 0, 100);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), all.Select(m => m.Text));
        }
    }

    [Fact]
    public async Task Paging_GoesBackwardsOldestFirst_AndForwardsAfterASeq()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        for (var i = 1; i <= 10; i++)
        {
            await store.AppendAsync(New(room, $"m{i}"));
        }

        var newest = await store.GetBeforeAsync(room, null, 3);
        var older = await store.GetBeforeAsync(room, newest[0].Seq, 3);
        var after = await store.GetAfterAsync(room, 7, 100);

        Assert.Equal([8L, 9L, 10L], newest.Select(m => m.Seq));
        Assert.Equal([5L, 6L, 7L], older.Select(m => m.Seq));
        Assert.Equal(["m8", "m9", "m10"], after.Select(m => m.Text));
    }

    [Fact]
    public async Task StoredMessages_KeepEveryField_AndSurviveANewStoreOnTheSameDatabase()
    {
        RequireDatabase();
        var dm = ConversationKey.ForDirect("alice", "bob" + Guid.NewGuid().ToString("N")[..6]);
        var sent = new NewMessage(Guid.CreateVersion7().ToString("N"), dm, "alice", null, "bob", "hi <b>there</b> 👋", Now, "client-1");
        await using (var first = database.NewMessageStore())
        {
            await first.AppendAsync(sent);
        }

        await using var second = database.NewMessageStore();
        var next = await second.AppendAsync(New(dm, "again"));
        var stored = (await second.GetBeforeAsync(dm, null, 10))[0];

        Assert.Equal(2, next.Seq);
        Assert.Equal((sent.MessageId, "alice", (string?)null, "bob", "hi <b>there</b> 👋", Now, "client-1"),
            (stored.MessageId, stored.From, stored.Room, stored.To, stored.Text, stored.SentAt, stored.ClientMsgId));
    }

    [Fact]
    public async Task OneBusyConversation_SharesTransactions_AndKeepsQueueOrder()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var commits = new List<Task<ChatMessage>>();

        // While another writer holds the database, every message queues up behind the first.
        await using (await database.HoldWriteLockAsync())
        {
            for (var i = 0; i < 200; i++)
            {
                commits.Add(await store.EnqueueAsync(New(room, $"m{i}")));
            }
        }

        var stored = await Task.WhenAll(commits);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"m{i}"), (await store.GetAfterAsync(room, 0, 500)).Select(m => m.Text));
        Assert.InRange(store.Transactions, 1, 2); // the one that waited for the lock, then all the others at once
    }

    [Fact]
    public async Task MaxBatchSizeOne_CommitsEachMessageOnItsOwn()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore(maxBatchSize: 1);
        var room = Room();
        var commits = new List<Task<ChatMessage>>();
        await using (await database.HoldWriteLockAsync())
        {
            for (var i = 0; i < 20; i++)
            {
                commits.Add(await store.EnqueueAsync(New(room, $"m{i}")));
            }
        }

        var stored = await Task.WhenAll(commits);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(20, store.Transactions);
    }

    [Fact]
    public async Task RepeatedClientMsgId_ReturnsTheOriginal_ForTheSameSenderWithinTheWindowOnly()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var id = "c-" + Guid.NewGuid().ToString("N");
        var sent = await store.AppendAsync(New(room, "x", "alice", id, Now));

        var repeated = await store.AppendAsync(New(room, "x again", "alice", id, Now.AddMinutes(10)));
        var otherSender = await store.AppendAsync(New(room, "y", "bob", id, Now.AddMinutes(10)));
        var afterTheWindow = await store.AppendAsync(New(room, "z", "alice", id, Now + new ChatOptions().IdempotencyWindow + TimeSpan.FromSeconds(1)));

        Assert.Equal((sent.MessageId, sent.Seq, "x"), (repeated.MessageId, repeated.Seq, repeated.Text));
        Assert.Equal([2L, 3L], new[] { otherSender.Seq, afterTheWindow.Seq });
        Assert.Equal(["x", "y", "z"], (await store.GetAfterAsync(room, 0, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task RepeatedClientMsgId_QueuedTogether_IsStoredOnce()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var id = "c-" + Guid.NewGuid().ToString("N");
        Task<ChatMessage> first, second;
        await using (await database.HoldWriteLockAsync())
        {
            // The writer takes "before" and waits for the lock; the repeats queue up behind it, usually for one
            // transaction (found in the group), at worst for two (found in the database).
            await store.EnqueueAsync(New(room, "before"));
            await WaitUntilAsync(() => store.Waiting == 0);
            first = await store.EnqueueAsync(New(room, "once", "alice", id, Now));
            second = await store.EnqueueAsync(New(room, "once", "alice", id, Now));
        }

        var (a, b) = (await first, await second);

        Assert.Equal((a.MessageId, a.Seq), (b.MessageId, b.Seq));
        Assert.Equal(["before", "once"], (await store.GetAfterAsync(room, 0, 10)).Select(m => m.Text));
    }
}

public sealed class SqliteChatMessageStoreTests(SqliteStoreDatabase database) : ChatMessageStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresChatMessageStoreTests(PostgresStoreDatabase database) : ChatMessageStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
