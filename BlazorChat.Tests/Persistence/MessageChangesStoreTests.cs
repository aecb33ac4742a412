using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Support;

using static BlazorChat.Tests.Persistence.StoreMessages;

namespace BlazorChat.Tests.Persistence;

/// <summary>
/// What every message store promises about messages that change: each change takes the conversation's next rev
/// (posts take the next seq too), is decided against the committed message, and reads give the current state.
/// </summary>
public abstract class MessageChangesStoreTests
{
    protected abstract IChatMessageStore NewStore();

    [Fact]
    public async Task Changes_TakeTheNextRev_NotASeq_AndReadsGiveTheCurrentState()
    {
        var store = NewStore();
        var room = Room();
        var first = await store.AppendAsync(New(room, "helo"));
        var edited = await ChangeAsync(store, Edit(first, "hello @bob", ["bob"]));
        var reacted = await ChangeAsync(store, React(first, "bob", "👍", on: true));
        var second = await store.AppendAsync(New(room, "next"));

        Assert.Equal((1, 1), (first.Seq, first.Rev));
        Assert.Equal(ChangeStatus.Applied, edited.Status);
        Assert.Equal(2, edited.Change!.Rev);
        Assert.Equal((2L, "hello @bob"), (edited.Change.Message.Version, edited.Change.Message.Text));
        Assert.Equal(3, reacted.Change!.Rev);
        Assert.Equal((2, 4), (second.Seq, second.Rev));
        Assert.Equal(new ConversationSeq(room, 2, 4), await store.GetHeadAsync(room));
        Assert.Contains(new ConversationSeq(room, 2, 4), await store.GetHeadsAsync());

        var now = (await store.GetMessageAsync(first.MessageId))!;
        Assert.Equal(("hello @bob", 3L, 1L), (now.Text, now.Version, now.Rev));
        Assert.NotNull(now.EditedAt);
        Assert.Equal(["bob"], now.Mentions);
        Assert.Equal([new ReactionSummary("👍", ["bob"])], now.Reactions);
        Assert.Equal(now, (await store.GetAfterAsync(room, 0, 10))[0]);
    }

    [Fact]
    public async Task TheChangeStream_IsGapFree_InRevOrder_WithEachMessageAsItIsNow()
    {
        var store = NewStore();
        var room = Room();
        var a = await store.AppendAsync(New(room, "a"));
        var b = await store.AppendAsync(New(room, "b"));
        await ChangeAsync(store, React(a, "carol", "🎉", on: true));
        await ChangeAsync(store, Edit(b, "b2", []));
        await ChangeAsync(store, Delete(b));
        await ChangeAsync(store, React(a, "carol", "🎉", on: false));

        var changes = await store.GetChangesAfterAsync(room, 1, 100);

        Assert.Equal([2L, 3, 4, 5, 6], changes.Select(c => c.Rev));
        Assert.Equal([ChangeKind.Posted, ChangeKind.Reacted, ChangeKind.Edited, ChangeKind.Deleted, ChangeKind.Reacted], changes.Select(c => c.Kind));
        Assert.All(changes.Where(c => c.Message.MessageId == b.MessageId), c => Assert.True(c.Message.Deleted));
        Assert.Equal(("carol", "🎉", false), (changes[^1].User, changes[^1].Emoji, changes[^1].On));
        Assert.Empty(changes[^1].Message.Reactions);
        Assert.Equal([3L, 4], (await store.GetChangesAfterAsync(room, 2, 2)).Select(c => c.Rev));
        Assert.Empty(await store.GetChangesAfterAsync(room, 6, 10));
    }

    [Fact]
    public async Task ADelete_EmptiesTheText_KeepsTheRow_AndEndsEveryOtherChange()
    {
        var store = NewStore();
        var room = Room();
        var message = await store.AppendAsync(New(room, "secret @bob"));
        await ChangeAsync(store, React(message, "bob", "👀", on: true));

        Assert.Equal(ChangeStatus.Forbidden, (await ChangeAsync(store, Delete(message) with { User = "bob" })).Status);
        Assert.Equal(ChangeStatus.Forbidden, (await ChangeAsync(store, Edit(message, "bob's now", []) with { User = "bob" })).Status);
        Assert.Equal(ChangeStatus.Applied, (await ChangeAsync(store, Delete(message))).Status);
        Assert.Equal(ChangeStatus.NotFound, (await ChangeAsync(store, Delete(message))).Status);
        Assert.Equal(ChangeStatus.NotFound, (await ChangeAsync(store, Edit(message, "back", []))).Status);
        Assert.Equal(ChangeStatus.NotFound, (await ChangeAsync(store, React(message, "bob", "👍", on: true))).Status);

        var gone = (await store.GetMessageAsync(message.MessageId))!;
        Assert.Equal(("", true, 1L), (gone.Text, gone.Deleted, gone.Seq));
        Assert.Empty(gone.Reactions);
        Assert.Empty(gone.Mentions);
        Assert.Equal(new ConversationSeq(room, 1, 3), await store.GetHeadAsync(room)); // refusals took no rev
    }

    [Fact]
    public async Task Reactions_AreUniquePerUserAndEmoji_AtMostTwentyEmoji_InFirstUseOrder()
    {
        var store = NewStore();
        var room = Room();
        var message = await store.AppendAsync(New(room, "vote"));
        Assert.Equal(ChangeStatus.Applied, (await ChangeAsync(store, React(message, "bob", "b", on: true))).Status);
        Assert.Equal(ChangeStatus.Unchanged, (await ChangeAsync(store, React(message, "bob", "b", on: true))).Status);
        Assert.Equal(ChangeStatus.Unchanged, (await ChangeAsync(store, React(message, "carol", "b", on: false))).Status);
        await ChangeAsync(store, React(message, "carol", "a", on: true));
        await ChangeAsync(store, React(message, "carol", "b", on: true));
        for (var i = 0; i < 18; i++)
        {
            Assert.Equal(ChangeStatus.Applied, (await ChangeAsync(store, React(message, "dave", $"e{i}", on: true))).Status);
        }

        Assert.Equal(ChangeStatus.TooManyEmoji, (await ChangeAsync(store, React(message, "dave", "one more", on: true))).Status);
        Assert.Equal(ChangeStatus.Applied, (await ChangeAsync(store, React(message, "dave", "a", on: true))).Status); // not a new emoji

        var reactions = (await store.GetMessageAsync(message.MessageId))!.Reactions;
        Assert.Equal(20, reactions.Count);
        Assert.Equal(new ReactionSummary("b", ["bob", "carol"]), reactions[0]);
        Assert.Equal(new ReactionSummary("a", ["carol", "dave"]), reactions[1]);
        Assert.Equal(new ConversationSeq(room, 1, 23), await store.GetHeadAsync(room));
    }

    [Fact]
    public async Task AnEmoji_KeepsItsPlace_WhileAnyoneStillReactsWithIt_AsTheLiveChangeSaid()
    {
        var store = NewStore();
        var room = Room();
        var message = await store.AppendAsync(New(room, "order"));
        await ChangeAsync(store, React(message, "alice", "👍", on: true));
        await ChangeAsync(store, React(message, "bob", "🎉", on: true));
        await ChangeAsync(store, React(message, "carol", "👍", on: true));
        var live = (await ChangeAsync(store, React(message, "alice", "👍", on: false))).Change!.Message.Reactions;

        var stored = (await store.GetMessageAsync(message.MessageId))!.Reactions;

        Assert.Equal([new ReactionSummary("👍", ["carol"]), new ReactionSummary("🎉", ["bob"])], live);
        Assert.Equal(live, stored);
        await ChangeAsync(store, React(message, "carol", "👍", on: false));
        await ChangeAsync(store, React(message, "alice", "👍", on: true)); // gone, then back: now it is the newest
        Assert.Equal(["🎉", "👍"], (await store.GetMessageAsync(message.MessageId))!.Reactions.Select(r => r.Emoji));
    }

    [Fact]
    public async Task Replies_AreCountedOnTheirRoot_AndReadAsAThread()
    {
        var store = NewStore();
        var room = Room();
        var root = await store.AppendAsync(New(room, "root"));
        var first = await store.AppendAsync(New(room, "r1") with { ReplyTo = root.MessageId });
        await store.AppendAsync(New(room, "elsewhere"));
        var second = await store.AppendAsync(New(room, "r2", sentAt: Now.AddMinutes(1)) with { ReplyTo = root.MessageId });

        var stored = (await store.GetMessageAsync(root.MessageId))!;
        Assert.Equal((2, Now.AddMinutes(1)), (stored.ReplyCount, stored.LastReplyAt));
        Assert.Equal(root.MessageId, first.ReplyTo);
        Assert.Equal([first.MessageId, second.MessageId], (await store.GetRepliesAsync(root.MessageId, 0, 10)).Select(m => m.MessageId));
        Assert.Equal([second.MessageId], (await store.GetRepliesAsync(root.MessageId, first.Seq, 10)).Select(m => m.MessageId));
        Assert.Single(await store.GetRepliesAsync(root.MessageId, 0, 1));
        Assert.Null(await store.GetMessageAsync("no-such-message"));
    }

    [Fact]
    public async Task ConcurrentChanges_AndPosts_ShareTheRevsWithoutGapOrRepeat()
    {
        var store = NewStore();
        var room = Room();
        var target = await store.AppendAsync(New(room, "busy"));
        var work = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? Task.Run(async () => (await store.AppendAsync(New(room, $"m{i}"))).Rev)
            : Task.Run(async () => (await ChangeAsync(store, React(target, $"u{i}", "👍", on: true))).Change!.Rev));

        var revs = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(2, 40).Select(i => (long)i), revs.Order());
        Assert.Equal(new ConversationSeq(room, 21, 41), await store.GetHeadAsync(room));
        Assert.Equal(Enumerable.Range(2, 40).Select(i => (long)i), (await store.GetChangesAfterAsync(room, 1, 100)).Select(c => c.Rev));
    }

    private static async Task<ChangeOutcome> ChangeAsync(IChatMessageStore store, MessageChangeRequest change) =>
        await await store.EnqueueChangeAsync(change);

    private static MessageChangeRequest Edit(ChatMessage message, string text, IReadOnlyList<string> mentions) =>
        new(ChangeKind.Edited, message.MessageId, message.Conversation, message.From, Now.AddSeconds(1)) { Text = text, Mentions = mentions };

    private static MessageChangeRequest Delete(ChatMessage message) =>
        new(ChangeKind.Deleted, message.MessageId, message.Conversation, message.From, Now.AddSeconds(2));

    private static MessageChangeRequest React(ChatMessage message, string user, string emoji, bool on) =>
        new(ChangeKind.Reacted, message.MessageId, message.Conversation, user, Now.AddSeconds(3)) { Emoji = emoji, On = on };
}

public sealed class InMemoryMessageChangesStoreTests : MessageChangesStoreTests
{
    protected override IChatMessageStore NewStore() => new InMemoryChatMessageStore();
}

/// <summary>The suite on an EF Core database; each test's stores are disposed with it.</summary>
public abstract class EfMessageChangesStoreTests<TDatabase>(TDatabase database) : MessageChangesStoreTests, IClassFixture<TDatabase>, IAsyncDisposable
    where TDatabase : StoreDatabase
{
    private readonly List<IAsyncDisposable> _stores = [];

    protected virtual void RequireDatabase()
    {
    }

    protected override IChatMessageStore NewStore()
    {
        RequireDatabase();
        var store = database.NewMessageStore();
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMessageChangesStoreTests(SqliteStoreDatabase database) : EfMessageChangesStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresMessageChangesStoreTests(PostgresStoreDatabase database) : EfMessageChangesStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
