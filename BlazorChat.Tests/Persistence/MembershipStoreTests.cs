using BlazorChat.Domain;
using BlazorChat.Web.Infrastructure.Persistence;

namespace BlazorChat.Tests.Persistence;

/// <summary>
/// One suite for the directory reads on SQLite and PostgreSQL: rooms with member counts, a room's members, and people
/// found by part of their name — each bounded, whatever the numbers.
/// </summary>
public abstract class MembershipStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : StoreDatabase
{
    protected virtual void RequireDatabase()
    {
    }

    [Fact]
    public async Task RoomSummaries_CountMembers_BiggestFirst_SearchByPartOfTheName_Bounded()
    {
        RequireDatabase();
        var store = database.NewMembershipStore();
        var tag = Tag();
        var (big, small, other) = ($"big-{tag}", $"small-{tag}", $"other-{tag}");
        foreach (var user in new[] { "a", "b", "c" })
        {
            await store.AddAsync(user + tag, big);
        }

        await store.AddAsync("a" + tag, small);
        await store.AddAsync("b" + tag, other);
        await store.AddAsync("c" + tag, other);

        var found = await store.GetRoomSummariesAsync(tag, 10);
        var one = await store.GetRoomSummariesAsync($"mall-{tag}", 10);
        var bounded = await store.GetRoomSummariesAsync(tag, 2);

        Assert.Equal([new(big, 3), new(other, 2), new RoomSummary(small, 1)], found);
        Assert.Equal([new RoomSummary(small, 1)], one);
        Assert.Equal([big, other], bounded.Select(r => r.Room));
    }

    [Fact]
    public async Task Members_ByKey_Bounded_WithTheTotal()
    {
        RequireDatabase();
        var store = database.NewMembershipStore();
        var room = $"ops-{Tag()}";
        await store.AddAsync("Zed", room);
        await store.AddAsync("amy", room);
        await store.AddAsync("Max", room);
        await store.RemoveAsync("max", room);

        var all = await store.GetMembersAsync(room, 10);
        var first = await store.GetMembersAsync(room, 1);

        Assert.Equal(["amy", "zed"], all.UserKeys);
        Assert.Equal(2, all.Total);
        Assert.Equal(["amy"], first.UserKeys);
        Assert.Equal(2, first.Total);
    }

    [Fact]
    public async Task UserDirectory_SearchesCaseInsensitively_StartsFirst_Bounded_AndCounts()
    {
        RequireDatabase();
        var tag = "q" + Tag(); // after 'a' by name
        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            foreach (var name in new[] { $"a{tag}", $"{tag}Zed", $"{tag}_x", $"{tag}ax" })
            {
                db.Users.Add(new ChatUser { UserName = name, NormalizedUserName = name.ToUpperInvariant() });
            }

            await db.SaveChangesAsync();
        }

        var directory = database.NewUserDirectory();

        Assert.Equal([$"{tag}ax", $"{tag}Zed", $"{tag}_x", $"a{tag}"], await directory.SearchAsync(tag.ToUpperInvariant(), 10)); // starts with it first
        Assert.Equal([$"{tag}Zed"], await directory.SearchAsync($"{tag}z", 10));
        Assert.Equal([$"{tag}_x"], await directory.SearchAsync($"{tag}_", 10)); // '_' is a character, not a wildcard
        Assert.Equal(2, (await directory.SearchAsync(tag, 2)).Count);
        Assert.True(await directory.CountAsync() >= 4);
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];
}

public sealed class SqliteMembershipStoreTests(SqliteStoreDatabase database) : MembershipStoreTests<SqliteStoreDatabase>(database);

public sealed class PostgresMembershipStoreTests(PostgresStoreDatabase database) : MembershipStoreTests<PostgresStoreDatabase>(database)
{
    protected override void RequireDatabase() => PostgresStoreDatabase.SkipWithoutServer();
}
