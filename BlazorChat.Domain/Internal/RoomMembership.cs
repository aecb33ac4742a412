using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Joining and leaving rooms: the membership is stored, this node's connections and the other nodes are told, and a
/// (re)join gets what it missed. Everyone stays in <c>general</c> without a stored membership.
/// </summary>
internal sealed class RoomMembership(
    IMembershipStore memberships,
    IReadMarkerStore readMarkers,
    Reassembler streams,
    LocalDelivery local,
    BackplaneOutbox outbox,
    JoinRecovery recovery,
    NodeStart start,
    ChatOptions options)
{
    private const int MaxRecoveryPage = 1000;

    private readonly KeyedLocks _joinLocks = new();

    public Task<ChatResult<JoinResult>> JoinAsync(
        string user, string? room, long? afterSeq, int? pageSize, long? afterRev, CancellationToken cancellationToken) =>
        StoreFaults.AreInternalAsync(
            async () =>
            {
                if (afterRev < 0)
                {
                    return new ChatError(ChatErrorCodes.BadRequest, "afterRev cannot be negative.");
                }

                var joined = await JoinCoreAsync(user, room, afterSeq, pageSize, cancellationToken).ConfigureAwait(false);
                return joined.Value is { } result && afterRev is { } after
                    ? ChatResult.Success(await recovery.MissedChangesAsync(result, after, cancellationToken).ConfigureAwait(false))
                    : joined;
            },
            e => e,
            "The room could not be joined; try again.");

    public Task<ChatResult> LeaveAsync(string user, string? room, CancellationToken cancellationToken) =>
        StoreFaults.AreInternalAsync(() => LeaveCoreAsync(user, room, cancellationToken), e => e, "The room could not be left; try again.");

    private async Task<ChatResult<JoinResult>> JoinCoreAsync(
        string user, string? room, long? afterSeq, int? pageSize, CancellationToken cancellationToken)
    {
        if (!ChatNames.IsValidRoomName(room))
        {
            return TargetResolver.InvalidRoom(room);
        }

        if (afterSeq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "afterSeq cannot be negative.");
        }

        if (pageSize is < 1 or > MaxRecoveryPage)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"pageSize must be between 1 and {MaxRecoveryPage}.");
        }

        await start.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var conversation = ConversationKey.ForRoom(room!);
        long seq, rev;
        // A user's joins take turns, so two at once cannot both take the last place under the limit.
        using (await _joinLocks.AcquireAsync(JoinsOf(user), cancellationToken).ConfigureAwait(false))
        {
            if (room != ChatNames.General && await IsAtRoomLimitAsync(user, room!, cancellationToken).ConfigureAwait(false))
            {
                return new ChatError(
                    ChatErrorCodes.Forbidden,
                    $"You are in {options.MaxRoomsPerUser} rooms besides '{ChatNames.General}', the most one user may join; leave one first.");
            }

            var added = room != ChatNames.General && await memberships.AddAsync(user, room!, cancellationToken).ConfigureAwait(false);

            // The room's stream stands still while the user's connections join it: seq is exactly what precedes the
            // first message they receive live.
            // Registered even when the store already had the membership: it may come from another node whose notice
            // has not arrived here (or never will, in an outage).
            (_, seq, rev) = await streams.AddAudienceAsync(conversation, () =>
            {
                if (room != ChatNames.General)
                {
                    local.Joined(user, room!);
                }
            }, cancellationToken).ConfigureAwait(false);
            if (added)
            {
                // A newcomer has read everything before they joined, however busy the room was.
                await readMarkers.AdvanceAsync(user, conversation, seq, cancellationToken).ConfigureAwait(false);
                outbox.Post(new MembershipNotice(outbox.Node, user, room!, IsMember: true));
                local.MemberChanged(user, room!, isMember: true);
            }
        }

        return afterSeq is { } after
            ? ChatResult.Success(await recovery.MissedMessagesAsync(room!, seq, rev, after, pageSize, cancellationToken).ConfigureAwait(false))
            : ChatResult.Success(new JoinResult(room!, seq, null, null) { Rev = rev });
    }

    private async Task<ChatResult> LeaveCoreAsync(string user, string? room, CancellationToken cancellationToken)
    {
        if (!ChatNames.IsValidRoomName(room))
        {
            return TargetResolver.InvalidRoom(room);
        }

        if (room == ChatNames.General)
        {
            return ChatResult.Fail(ChatErrorCodes.Forbidden, "Everyone stays in 'general'.");
        }

        if (!await memberships.RemoveAsync(user, room!, cancellationToken).ConfigureAwait(false))
        {
            return TargetResolver.NotAMember(room!);
        }

        local.Left(user, room!);
        outbox.Post(new MembershipNotice(outbox.Node, user, room!, IsMember: false));
        local.MemberChanged(user, room!, isMember: false);
        return ChatResult.Ok;
    }

    /// <summary>Whether joining <paramref name="room"/> would take the user past <see cref="ChatOptions.MaxRoomsPerUser"/>.</summary>
    private async Task<bool> IsAtRoomLimitAsync(string user, string room, CancellationToken cancellationToken)
    {
        var rooms = await memberships.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
        return rooms.Count >= options.MaxRoomsPerUser && !rooms.Contains(room, StringComparer.Ordinal);
    }

    /// <summary>The lock that serialises one user's joins; no conversation key looks like it.</summary>
    private static string JoinsOf(string user) => "joins:" + user.ToLowerInvariant();
}
