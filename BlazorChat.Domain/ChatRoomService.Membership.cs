using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

// Joining and leaving rooms.
public sealed partial class ChatRoomService
{
    /// <inheritdoc />
    public Task<ChatResult<JoinResult>> JoinAsync(
        string user, string? room, long? afterSeq = null, int? pageSize = null, long? afterRev = null,
        CancellationToken cancellationToken = default) =>
        StoreFaultIsInternalAsync(
            async () =>
            {
                if (afterRev < 0)
                {
                    return new ChatError(ChatErrorCodes.BadRequest, "afterRev cannot be negative.");
                }

                var joined = await JoinCoreAsync(user, room, afterSeq, pageSize, cancellationToken).ConfigureAwait(false);
                return joined.Value is { } result && afterRev is { } after
                    ? ChatResult.Success(await RecoverChangesAsync(result, after, cancellationToken).ConfigureAwait(false))
                    : joined;
            },
            e => e,
            "The room could not be joined; try again.");

    /// <summary>The changes of the room after <paramref name="afterRev"/> up to the join's rev, when they are all still held.</summary>
    private async Task<JoinResult> RecoverChangesAsync(JoinResult joined, long afterRev, CancellationToken cancellationToken)
    {
        var missed = joined.Rev - Math.Min(afterRev, joined.Rev);
        if (missed == 0)
        {
            return joined with { Changes = [], ChangesRecovered = true };
        }

        if (missed > _options.MaxRecoveredMessages)
        {
            return joined with { ChangesRecovered = false };
        }

        var read = await _messages.GetChangesAfterAsync(ConversationKey.ForRoom(joined.Room), afterRev, (int)missed, cancellationToken)
            .ConfigureAwait(false);
        var changes = read.Where(c => c.Rev <= joined.Rev).ToList();
        var complete = changes.Count == missed && changes[0].Rev == afterRev + 1;
        return complete ? joined with { Changes = changes, ChangesRecovered = true } : joined with { ChangesRecovered = false };
    }

    private async Task<ChatResult<JoinResult>> JoinCoreAsync(
        string user, string? room, long? afterSeq, int? pageSize, CancellationToken cancellationToken)
    {
        if (!ChatNames.IsValidRoomName(room))
        {
            return InvalidRoom(room);
        }

        if (afterSeq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "afterSeq cannot be negative.");
        }

        if (pageSize is < 1 or > MaxRecoveryPage)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"pageSize must be between 1 and {MaxRecoveryPage}.");
        }

        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var conversation = ConversationKey.ForRoom(room!);
        long seq, rev;
        // A user's joins take turns, so two at once cannot both take the last place under the limit.
        using (await _joinLocks.AcquireAsync(JoinsOf(user), cancellationToken).ConfigureAwait(false))
        {
            if (room != ChatNames.General && await IsAtRoomLimitAsync(user, room!, cancellationToken).ConfigureAwait(false))
            {
                return new ChatError(
                    ChatErrorCodes.Forbidden,
                    $"You are in {_options.MaxRoomsPerUser} rooms besides '{ChatNames.General}', the most one user may join; leave one first.");
            }

            var added = room != ChatNames.General && await _memberships.AddAsync(user, room!, cancellationToken).ConfigureAwait(false);

            // The room's stream stands still while the user's connections join it: seq is exactly what precedes the
            // first message they receive live.
            // Registered even when the store already had the membership: it may come from another node whose notice
            // has not arrived here (or never will, in an outage).
            (_, seq, rev) = await _streams.AddAudienceAsync(conversation, () =>
            {
                if (room != ChatNames.General)
                {
                    _local.Joined(user, room!);
                }
            }, cancellationToken).ConfigureAwait(false);
            if (added)
            {
                // A newcomer has read everything before they joined, however busy the room was.
                await _readMarkers.AdvanceAsync(user, conversation, seq, cancellationToken).ConfigureAwait(false);
                _outbox.Post(new MembershipNotice(_outbox.Node, user, room!, IsMember: true));
                _local.MemberChanged(user, room!, isMember: true);
            }
        }

        if (afterSeq is not { } after)
        {
            return ChatResult.Success(new JoinResult(room!, seq, null, null) { Rev = rev });
        }

        // Read outside the lock, so sends to the room don't wait for it; later messages are live, hence "<= seq".
        var missed = seq - Math.Min(after, seq);
        var oldest = missed == 0 ? null : await _messages.GetOldestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (missed > _options.MaxRecoveredMessages || oldest > after + 1)
        {
            // Too many, or no longer held: the newest page, and the client pages back through history.
            var newest = await _messages.GetBeforeAsync(
                conversation, seq + 1, pageSize ?? Math.Min(MaxHistoryLimit, _options.MaxRecoveredMessages), cancellationToken).ConfigureAwait(false);
            return ChatResult.Success(new JoinResult(room!, seq, newest.Where(m => m.Rev <= rev).ToList(), Recovered: false) { Rev = rev });
        }

        var read = await _messages.GetAfterAsync(conversation, after, (int)Math.Min(missed, pageSize ?? _options.MaxRecoveredMessages), cancellationToken)
            .ConfigureAwait(false);
        var page = read.Where(m => m.Rev <= rev).ToList();
        if (missed > 0 && (page.Count == 0 || page[0].Seq != after + 1))
        {
            // The oldest were dropped meanwhile (a store that keeps only the newest): say so rather than leave a gap.
            return ChatResult.Success(new JoinResult(room!, seq, page, Recovered: false) { Rev = rev });
        }

        // Without a page size everything is in the reply; with one, the rest follows it.
        return ChatResult.Success(
            new JoinResult(room!, seq, page, Recovered: true, Remaining: pageSize is null ? 0 : missed - page.Count) { Rev = rev });
    }

    /// <inheritdoc />
    public Task<ChatResult> LeaveAsync(string user, string? room, CancellationToken cancellationToken = default) =>
        StoreFaultIsInternalAsync(() => LeaveCoreAsync(user, room, cancellationToken), e => e, "The room could not be left; try again.");

    private async Task<ChatResult> LeaveCoreAsync(string user, string? room, CancellationToken cancellationToken)
    {
        if (!ChatNames.IsValidRoomName(room))
        {
            return InvalidRoom(room);
        }

        if (room == ChatNames.General)
        {
            return ChatResult.Fail(ChatErrorCodes.Forbidden, "Everyone stays in 'general'.");
        }

        if (!await _memberships.RemoveAsync(user, room!, cancellationToken).ConfigureAwait(false))
        {
            return NotAMember(room!);
        }

        _local.Left(user, room!);
        _outbox.Post(new MembershipNotice(_outbox.Node, user, room!, IsMember: false));
        _local.MemberChanged(user, room!, isMember: false);
        return ChatResult.Ok;
    }

    /// <summary>Whether joining <paramref name="room"/> would take the user past <see cref="ChatOptions.MaxRoomsPerUser"/>.</summary>
    private async Task<bool> IsAtRoomLimitAsync(string user, string room, CancellationToken cancellationToken)
    {
        var rooms = await _memberships.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
        return rooms.Count >= _options.MaxRoomsPerUser && !rooms.Contains(room, StringComparer.Ordinal);
    }

    /// <summary>The lock that serialises one user's joins; no conversation key looks like it.</summary>
    private static string JoinsOf(string user) => "joins:" + user.ToLowerInvariant();
}
