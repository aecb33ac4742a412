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
}
