using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Memberships whose every new member starts with a read marker at the room's latest seq, so joining a busy room
/// shows nothing unread. <see cref="ChatRoomService"/> adds memberships under the room's conversation lock, so
/// "latest" is exactly what preceded the join.
/// </summary>
internal sealed class MembershipsStartingRead(IMembershipStore inner, IReadMarkerStore readMarkers, IChatMessageStore messages)
    : IMembershipStore
{
    public async Task<bool> AddAsync(string user, string room, CancellationToken cancellationToken = default)
    {
        if (!await inner.AddAsync(user, room, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var conversation = ConversationKey.ForRoom(room);
        var latest = await messages.GetLatestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
        await readMarkers.AdvanceAsync(user, conversation, latest, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default) =>
        inner.GetRoomsAsync(user, cancellationToken);

    public Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken = default) =>
        inner.IsMemberAsync(user, room, cancellationToken);

    public Task<bool> RemoveAsync(string user, string room, CancellationToken cancellationToken = default) =>
        inner.RemoveAsync(user, room, cancellationToken);

    public Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default) =>
        inner.GetAllRoomsAsync(cancellationToken);
}
