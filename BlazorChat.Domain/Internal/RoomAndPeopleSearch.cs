using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Finding rooms and people: bounded reads, so what a front end shows never grows with the number of accounts.
/// </summary>
internal sealed class RoomAndPeopleSearch(
    IMembershipStore memberships, IReadMarkerStore readMarkers, IUserDirectory users, PresenceBoard presence, TargetResolver targets)
{
    private const int MaxDirectoryLimit = 100;
    private const int MaxMembersLimit = 200;
    private const int MaxPeopleSearchLimit = 50;
    private const int MaxDirectPeers = 200;

    // A big room's members are read this far (by name) to find its online ones; the list shows at most MaxMembersLimit.
    private const int MembersScanned = 500;

    /// <summary>The user's rooms, <c>general</c> first.</summary>
    public async Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken) =>
        GeneralFirst(await memberships.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false));

    /// <summary>Every room, <c>general</c> first.</summary>
    public async Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken) =>
        GeneralFirst(await memberships.GetAllRoomsAsync(cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<string>> GetPeopleAsync(CancellationToken cancellationToken) => users.ListAsync(cancellationToken);

    public async Task<IReadOnlyList<RoomSummary>> GetRoomDirectoryAsync(
        string? search, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxDirectoryLimit);
        var text = search?.Trim().ToLowerInvariant();
        var rooms = await memberships.GetRoomSummariesAsync(text, limit, cancellationToken).ConfigureAwait(false);
        var others = rooms.Where(r => r.Room != ChatNames.General);
        if (!string.IsNullOrEmpty(text) && !ChatNames.General.Contains(text, StringComparison.Ordinal))
        {
            return [.. others];
        }

        // Everyone belongs to general, without a stored membership.
        var everyone = await users.CountAsync(cancellationToken).ConfigureAwait(false);
        return [new RoomSummary(ChatNames.General, everyone), .. others.Take(limit - 1)];
    }

    public async Task<ChatResult<RoomMembers>> GetRoomMembersAsync(
        string user, string room, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxMembersLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxMembersLimit}.");
        }

        var resolved = await targets.ResolveAsync(user, ChatTarget.ToRoom(room), cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        var online = new HashSet<string>(presence.Online, ChatNames.UserComparer);
        try
        {
            if (room == ChatNames.General)
            {
                // Everyone is in general: its list is who is online, its total everyone registered.
                var everyone = await users.CountAsync(cancellationToken).ConfigureAwait(false);
                var listed = online.Order(StringComparer.OrdinalIgnoreCase).Take(limit).Select(u => new RoomMember(u, Online: true));
                return ChatResult.Success(new RoomMembers([.. listed], everyone));
            }

            var keys = await memberships.GetMembersAsync(room, MembersScanned, cancellationToken).ConfigureAwait(false);
            var members = new List<RoomMember>(keys.UserKeys.Count);
            foreach (var key in keys.UserKeys)
            {
                // The store keeps lower-cased names; people are shown as they registered.
                var name = await users.FindAsync(key, cancellationToken).ConfigureAwait(false) ?? key;
                members.Add(new RoomMember(name, online.Contains(name)));
            }

            var ordered = members.OrderByDescending(m => m.Online).ThenBy(m => m.User, StringComparer.OrdinalIgnoreCase).Take(limit);
            return ChatResult.Success(new RoomMembers([.. ordered], keys.Total));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ChatError(ChatErrorCodes.Internal, "The members could not be read; try again.");
        }
    }

    public Task<IReadOnlyList<string>> SearchPeopleAsync(string search, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPeopleSearchLimit);
        var text = search?.Trim() ?? string.Empty;
        return text.Length == 0
            ? Task.FromResult<IReadOnlyList<string>>([])
            : users.SearchAsync(text, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetDirectPeersAsync(string user, CancellationToken cancellationToken)
    {
        // A direct conversation the user has read, or that has messages to them, has a read marker or an unread count.
        var me = user.ToLowerInvariant();
        var markers = await readMarkers.GetAsync(user, cancellationToken).ConfigureAwait(false);
        var peers = new List<string>();
        foreach (var conversation in markers.Keys.Where(k => k.Room is null).Take(MaxDirectPeers))
        {
            var pair = conversation.Value["dm:".Length..].Split('|');
            var peerKey = pair[0] == me ? pair[^1] : pair[0];
            if (await users.FindAsync(peerKey, cancellationToken).ConfigureAwait(false) is { } peer && !ChatNames.SameUser(peer, user))
            {
                peers.Add(peer);
            }
        }

        return [.. peers.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Everyone is in <c>general</c>, listed first, whether or not the store holds a membership for it.</summary>
    private static IReadOnlyList<string> GeneralFirst(IReadOnlyList<string> rooms) =>
        [ChatNames.General, .. rooms.Where(r => r != ChatNames.General)];
}
