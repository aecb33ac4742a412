using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Persistence;

/// <summary>One suite for every message store: SQLite and PostgreSQL through EF Core.</summary>
public abstract class ChatMessageStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

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
    public async Task FindByClientMsgId_FindsTheSendersMessage_WithinTheWindowOnly()
    {
        RequireDatabase();
        await using var store = database.NewMessageStore();
        var room = Room();
        var id = "c-" + Guid.NewGuid().ToString("N");
        var sent = await store.AppendAsync(new NewMessage(Guid.CreateVersion7().ToString("N"), room, "alice", room.Room, null, "x", Now, id));

        var found = await store.FindByClientMsgIdAsync("alice", id, Now.AddMinutes(-10));
        var otherSender = await store.FindByClientMsgIdAsync("bob", id, Now.AddMinutes(-10));
        var tooOld = await store.FindByClientMsgIdAsync("alice", id, Now.AddSeconds(1));

        Assert.Equal((sent.MessageId, sent.Seq), (found!.MessageId, found.Seq));
        Assert.Equal(room, found.Conversation);
        Assert.Null(otherSender);
        Assert.Null(tooOld);
    }

    private static ConversationKey Room() => ConversationKey.ForRoom("r-" + Guid.NewGuid().ToString("N")[..10]);

    private static NewMessage New(ConversationKey conversation, string text) =>
        new(Guid.CreateVersion7().ToString("N"), conversation, "alice", conversation.Room, conversation.Room is null ? "bob" : null, text, Now, null);
}

public sealed class SqliteChatMessageStoreTests(SqliteStoreDatabase database) : ChatMessageStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresChatMessageStoreTests(PostgresStoreDatabase database) : ChatMessageStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
