using BlazorChat.Domain.Messages;

using static BlazorChat.Tests.Persistence.StoreMessages;

namespace BlazorChat.Tests.Persistence;

/// <summary>
/// The micro-benchmark's group commit (BlazorChat.Benchmarks) measures what it says: a group of the chosen size is one
/// transaction, durable and numbered like any other commit.
/// </summary>
public sealed class GroupCommitTests(SqliteStoreDatabase database) : IClassFixture<SqliteStoreDatabase>
{
    [Fact]
    public async Task CommitGroup_StoresEveryMessageInOneTransaction_WithTheNextSeqsInOrder()
    {
        await using var store = database.NewMessageStore();
        var room = Room();
        await (await store.EnqueueAsync(New(room, "before")));
        var before = store.Transactions;
        var group = Enumerable.Range(0, 16).Select(i => New(room, $"m{i}", from: $"user{i % 4}", clientMsgId: $"c{i}")).ToList();

        var stored = await store.CommitGroupAsync(group);

        Assert.Equal(before + 1, store.Transactions);
        Assert.Equal(Enumerable.Range(2, 16).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(group.Select(m => m.MessageId), stored.Select(m => m.MessageId));
        var read = await store.GetAfterAsync(room, afterSeq: 1, limit: 100);
        Assert.Equal(group.Select(m => m.Text), read.Select(m => m.Text));
    }
}
