namespace BlazorChat.Domain;

// Finding rooms and people: see RoomAndPeopleSearch.
public sealed partial class ChatRoomService
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default) =>
        GeneralFirst(await _memberships.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default) =>
        GeneralFirst(await _memberships.GetAllRoomsAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetPeopleAsync(CancellationToken cancellationToken = default) =>
        _users.ListAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomSummary>> GetRoomDirectoryAsync(
        string? search = null, int limit = 50, CancellationToken cancellationToken = default) =>
        _directory.GetRoomDirectoryAsync(search, limit, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<RoomMembers>> GetRoomMembersAsync(
        string user, string room, int limit = 100, CancellationToken cancellationToken = default) =>
        _directory.GetRoomMembersAsync(user, room, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SearchPeopleAsync(string search, int limit = 20, CancellationToken cancellationToken = default) =>
        _directory.SearchPeopleAsync(search, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDirectPeersAsync(string user, CancellationToken cancellationToken = default) =>
        _directory.GetDirectPeersAsync(user, cancellationToken);

    /// <summary>Everyone is in <c>general</c>, listed first, whether or not the store holds a membership for it.</summary>
    private static IReadOnlyList<string> GeneralFirst(IReadOnlyList<string> rooms) =>
        [ChatNames.General, .. rooms.Where(r => r != ChatNames.General)];
}
