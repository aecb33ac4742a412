using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Room memberships in the chat database.</summary>
internal sealed class EfMembershipStore(IDbContextFactory<ChatDbContext> contexts, TimeProvider time) : IMembershipStore
{
    private readonly ConnectQueries _queries = new();

    public async Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await _queries.RoomsOf(db, Key(user)).ToListAsync(cancellationToken);
    }

    public async Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        return await db.RoomMemberships.AnyAsync(m => m.UserKey == key && m.Room == room, cancellationToken);
    }

    public async Task<bool> AddAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        if (await db.RoomMemberships.AnyAsync(m => m.UserKey == key && m.Room == room, cancellationToken))
        {
            return false;
        }

        db.RoomMemberships.Add(new RoomMembership { UserKey = key, Room = room, JoinedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another tab of the same user joined at the same moment; the membership exists either way.
            return false;
        }
    }

    public async Task<bool> RemoveAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        return await db.RoomMemberships.Where(m => m.UserKey == key && m.Room == room).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RoomMemberships.Select(m => m.Room).Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RoomSummary>> GetRoomSummariesAsync(string? search, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var memberships = db.RoomMemberships.AsQueryable();
        if (!string.IsNullOrEmpty(search))
        {
            memberships = memberships.Where(m => m.Room.Contains(search));
        }

        var rooms = await memberships
            .GroupBy(m => m.Room)
            .Select(g => new { Room = g.Key, Members = g.Count() })
            .OrderByDescending(r => r.Members)
            .ThenBy(r => r.Room)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rooms.Select(r => new RoomSummary(r.Room, r.Members)).ToList();
    }

    public async Task<RoomMemberKeys> GetMembersAsync(string room, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = db.RoomMemberships.Where(m => m.Room == room);
        var keys = await members.OrderBy(m => m.UserKey).Select(m => m.UserKey).Take(limit).ToListAsync(cancellationToken);
        var total = keys.Count < limit ? keys.Count : await members.CountAsync(cancellationToken);
        return new RoomMemberKeys(keys, total);
    }

    private static string Key(string user) => user.ToLowerInvariant();
}
