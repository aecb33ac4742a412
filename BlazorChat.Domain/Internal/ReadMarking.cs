using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Read markers: moving a user's marker (every tab, on every node, hears of it) and counting what is unread past it.
/// </summary>
internal sealed class ReadMarking(
    IChatMessageStore messages, IReadMarkerStore readMarkers, TargetResolver targets, LocalDelivery local, BackplaneOutbox outbox)
{
    private const int MaxCountedUnread = 1000;

    /// <summary>Moves the user's marker of the target forward to <paramref name="seq"/> (clamped to the latest) and tells everyone concerned.</summary>
    public async Task<ChatResult<long>> MarkReadAsync(
        string user, ChatTarget target, long seq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (seq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "seq cannot be negative.");
        }

        var resolved = await targets.ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        // A seq beyond the latest is clamped to it: nobody has read a message that does not exist yet.
        var (conversation, room, to) = resolved.Value!;
        var latest = await messages.GetLatestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
        var marker = await readMarkers.AdvanceAsync(user, conversation, Math.Min(seq, latest), cancellationToken)
            .ConfigureAwait(false);
        if (marker.Moved)
        {
            // A partial read (another tab read up to an older message) leaves some unread: say how many.
            var (unread, mentions, countedThrough) = (0, 0, marker.Seq);
            try
            {
                if (marker.Seq < latest)
                {
                    (unread, mentions) = await CountUnreadAfterAsync(user, conversation, marker.Seq, latest, cancellationToken).ConfigureAwait(false);
                    countedThrough = latest;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The marker moved all the same: every tab must hear of it; they keep counting what came after it.
            }

            local.ReadMarker(new ReadMarkerChanged(user, room, to, marker.Seq, unread, countedThrough, mentions));
            outbox.Post(new ReadNotice(outbox.Node, user, room, to, marker.Seq, unread, countedThrough) { Mentions = mentions });
        }

        return ChatResult.Success(marker.Seq);
    }

    private async Task<(int Unread, int Mentions)> CountUnreadAfterAsync(
        string user, ConversationKey conversation, long seq, long latest, CancellationToken cancellationToken)
    {
        // Bounded: past MaxCountedUnread the UI shows "99+" anyway.
        var after = await messages.GetAfterAsync(conversation, seq, (int)Math.Min(latest - seq, MaxCountedUnread), cancellationToken).ConfigureAwait(false);
        var unread = after.Where(m => m.Seq <= latest && !ChatNames.SameUser(m.From, user)).ToList();
        return (unread.Count, unread.Count(m => m.Mentioned(user)));
    }

    /// <summary>Every room's unread count and marker for a connection that opens; a room without a marker gets one.</summary>
    public async Task<IReadOnlyList<UnreadCount>> CountUnreadAsync(
        string user, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        // A room without a marker starts at its latest message: general for a new user, or a membership older
        // than read markers. Usually there is none, so this is one query.
        var markers = (await readMarkers.GetAsync(user, cancellationToken).ConfigureAwait(false)).ToDictionary();
        foreach (var room in rooms)
        {
            var conversation = ConversationKey.ForRoom(room);
            if (!markers.ContainsKey(conversation))
            {
                var latest = await messages.GetLatestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
                markers[conversation] = (await readMarkers.AdvanceAsync(user, conversation, latest, cancellationToken).ConfigureAwait(false)).Seq;
            }
        }

        // Every room is listed, read or not, so a client knows each room's marker: a message at or below it that
        // arrives live (it was being committed as the connection opened) is not unread.
        var counted = await readMarkers.CountUnreadAsync(user, rooms, cancellationToken).ConfigureAwait(false);
        var read = rooms
            .Select(ConversationKey.ForRoom)
            .Where(c => !counted.Any(u => u.Conversation == c))
            .Select(c => new UnreadCount(c, c.Room, null, 0, markers.GetValueOrDefault(c), markers.GetValueOrDefault(c)));
        return [.. counted, .. read];
    }
}
