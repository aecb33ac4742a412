namespace BlazorChat.Domain;

// Finding rooms and people: see RoomAndPeopleSearch.
public sealed partial class ChatRoomService
{
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
}
