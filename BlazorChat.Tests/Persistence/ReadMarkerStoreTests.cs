using BlazorChat.Tests.Support;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Persistence;

/// <summary>One suite for the read-marker store on SQLite and PostgreSQL: markers, and unread counts from them.</summary>
public abstract class ReadMarkerStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task Advance_CreatesTheMarker_ThenOnlyMovesItForward()
    {
        RequireDatabase();
        var markers = database.NewReadMarkerStore();
        var user = NewUser();
        var room = Room();

        var created = await markers.AdvanceAsync(user, room, 4);
        var lower = await markers.AdvanceAsync(user.ToUpperInvariant(), room, 2);
        var same = await markers.AdvanceAsync(user, room, 4);
        var higher = await markers.AdvanceAsync(user, room, 9);

        Assert.Equal((4L, true), (created.Seq, created.Moved));
        Assert.Equal((4L, false), (lower.Seq, lower.Moved));
        Assert.Equal((4L, false), (same.Seq, same.Moved));
        Assert.Equal((9L, true), (higher.Seq, higher.Moved));
        Assert.Equal(9, (await database.NewReadMarkerStore().GetAsync(user))[room]);
    }

    [Fact]
    public async Task ConcurrentAdvances_FromManyTabs_KeepTheHighest()
    {
        RequireDatabase();
        var markers = database.NewReadMarkerStore();
        var user = NewUser();
        var room = Room();

        var updates = await Task.WhenAll(Enumerable.Range(1, 20).Select(seq => Task.Run(() => markers.AdvanceAsync(user, room, seq))));

        Assert.Equal(20, (await markers.GetAsync(user))[room]);
        Assert.Contains(updates, u => u.Moved && u.Seq == 20);
        Assert.All(updates, u => Assert.True(u.Seq >= 1));
    }

    [Fact]
    public async Task CountUnread_RoomsPastTheMarker_DirectMessagesToMe_NeverMyOwn()
    {
        RequireDatabase();
        await using var messages = database.NewMessageStore();
        var markers = database.NewReadMarkerStore();
        var (me, peer, stranger) = (NewUser(), NewUser(), NewUser());
        var (mine, other, unmarked) = (Room(), Room(), Room());
        var withPeer = ConversationKey.ForDirect(me, peer);
        for (var i = 0; i < 5; i++)
        {
            await messages.AppendAsync(New(mine, peer));
            await messages.AppendAsync(New(other, peer));  // a room I am not in
            await messages.AppendAsync(New(unmarked, peer));
        }

        await messages.AppendAsync(New(mine, me));         // seq 6, mine: never unread
        await messages.AppendAsync(New(mine, peer));       // seq 7
        for (var i = 0; i < 3; i++)
        {
            await messages.AppendAsync(New(withPeer, peer, to: me));
        }

        await messages.AppendAsync(New(withPeer, me, to: peer));
        await messages.AppendAsync(New(ConversationKey.ForDirect(peer, stranger), peer, to: stranger));
        await markers.AdvanceAsync(me, mine, 2);
        await markers.AdvanceAsync(me, withPeer, 1);

        var unread = await markers.CountUnreadAsync(me, [mine.Room!, unmarked.Room!]);

        Assert.Equal(
            [(mine, mine.Room, null, 4, 2L, 7L), (withPeer, null, peer, 2, 1L, 3L)],
            unread.OrderBy(u => u.Room is null).Select(u => (u.Conversation, u.Room, u.With, u.Count, u.LastReadSeq, u.LastUnreadSeq)));
    }

    [Fact]
    public async Task CountUnread_ADirectConversationWithoutMarker_CountsEveryMessageOfThePeer()
    {
        RequireDatabase();
        await using var messages = database.NewMessageStore();
        var (me, peer) = (NewUser(), NewUser());
        var dm = ConversationKey.ForDirect(me, peer);
        for (var i = 0; i < 3; i++)
        {
            await messages.AppendAsync(New(dm, peer, to: me));
        }

        var unread = await database.NewReadMarkerStore().CountUnreadAsync(me, []);

        var only = Assert.Single(unread);
        Assert.Equal((dm, peer, 3, 0L, 3L), (only.Conversation, only.With, only.Count, only.LastReadSeq, only.LastUnreadSeq));
    }

    private static string NewUser() => "u" + Guid.NewGuid().ToString("N")[..10];

    private static ConversationKey Room() => ConversationKey.ForRoom("r-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task CountUnread_CountsTheUnreadMessagesThatMentionMe_InRoomsAndDirectly()
    {
        RequireDatabase();
        await using var messages = database.NewMessageStore();
        var markers = database.NewReadMarkerStore();
        var (me, peer) = (NewUser(), NewUser());
        var room = Room();
        var direct = ConversationKey.ForDirect(me, peer);
        await markers.AdvanceAsync(me, room, 0);
        await messages.AppendAsync(New(room, peer) with { Mentions = [me] });
        await messages.AppendAsync(New(room, peer) with { Mentions = [peer + "x"] });
        await messages.AppendAsync(New(room, peer) with { Mentions = [peer, me] });
        await messages.AppendAsync(New(room, peer));
        await messages.AppendAsync(New(direct, peer, me) with { Mentions = [me] });
        await messages.AppendAsync(New(direct, peer, me));

        var counts = await markers.CountUnreadAsync(me, [room.Room!]);

        Assert.Equal((4, 2), counts.Where(c => c.Conversation == room).Select(c => (c.Count, c.Mentions)).Single());
        Assert.Equal((2, 1), counts.Where(c => c.Conversation == direct).Select(c => (c.Count, c.Mentions)).Single());
    }

    private static NewMessage New(ConversationKey conversation, string from, string? to = null) =>
        new(Guid.CreateVersion7().ToString("N"), conversation, from, conversation.Room, to, "text", Now, null);
}

public sealed class SqliteReadMarkerStoreTests(SqliteStoreDatabase database) : ReadMarkerStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresReadMarkerStoreTests(PostgresStoreDatabase database) : ReadMarkerStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
