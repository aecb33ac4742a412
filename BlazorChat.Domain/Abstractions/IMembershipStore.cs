namespace BlazorChat.Domain.Abstractions;

/// <summary>Durable room memberships. Membership of <c>general</c> is implied and never stored.</summary>
public interface IMembershipStore
{
    /// <summary>The rooms (other than <c>general</c>) that the user belongs to.</summary>
    Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Whether the user belongs to the room.</summary>
    Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken = default);

    /// <summary>Makes the user a member; returns false when they already were.</summary>
    Task<bool> AddAsync(string user, string room, CancellationToken cancellationToken = default);

    /// <summary>Ends the membership; returns false when there was none.</summary>
    Task<bool> RemoveAsync(string user, string room, CancellationToken cancellationToken = default);

    /// <summary>Every room that has at least one member, for browsing.</summary>
    Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Rooms (other than <c>general</c>) whose name contains <paramref name="search"/> (all when empty), with their
    /// member counts, the most members first, then by name; at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<RoomSummary>> GetRoomSummariesAsync(string? search, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The keys (lower-cased names) of at most <paramref name="limit"/> members of a room other than <c>general</c>, by
    /// name, and how many members it has in all.
    /// </summary>
    Task<RoomMemberKeys> GetMembersAsync(string room, int limit, CancellationToken cancellationToken = default);
}
