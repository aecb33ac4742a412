using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

// Reading: history pages and read markers.
public sealed partial class ChatRoomService
{
    /// <inheritdoc />
    public async Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAfterAsync(
        string user, ChatTarget target, long afterSeq, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (limit is < 1 or > MaxHistoryLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxHistoryLimit}.");
        }

        if (afterSeq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "afterSeq cannot be negative.");
        }

        var resolved = await ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        return await ReadHistoryAsync(() => _messages.GetAfterAsync(resolved.Value!.Conversation, afterSeq, limit, cancellationToken))
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAsync(
        string user, ChatTarget target, long? beforeSeq = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (limit is < 1 or > MaxHistoryLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxHistoryLimit}.");
        }

        var resolved = await ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        return await ReadHistoryAsync(() => _messages.GetBeforeAsync(resolved.Value!.Conversation, beforeSeq, limit, cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>A page of history, or <c>internal</c> when the store fails: a reader retries, nothing is lost.</summary>
    private static async Task<ChatResult<IReadOnlyList<ChatMessage>>> ReadHistoryAsync(Func<ValueTask<IReadOnlyList<ChatMessage>>> read)
    {
        try
        {
            return ChatResult.Success(await read().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ChatError(ChatErrorCodes.Internal, "History could not be read; try again.");
        }
    }

    /// <inheritdoc />
    public Task<ChatResult<long>> MarkReadAsync(
        string user, ChatTarget target, long seq, CancellationToken cancellationToken = default) =>
        StoreFaultIsInternalAsync(() => MarkReadCoreAsync(user, target, seq, cancellationToken), e => e, "The read marker could not be stored; try again.");

    private async Task<ChatResult<long>> MarkReadCoreAsync(
        string user, ChatTarget target, long seq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (seq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "seq cannot be negative.");
        }

        var resolved = await ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        // A seq beyond the latest is clamped to it: nobody has read a message that does not exist yet.
        var (conversation, room, to) = resolved.Value!;
        var latest = await _messages.GetLatestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
        var marker = await _readMarkers.AdvanceAsync(user, conversation, Math.Min(seq, latest), cancellationToken)
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

            _local.ReadMarker(new ReadMarkerChanged(user, room, to, marker.Seq, unread, countedThrough, mentions));
            _outbox.Post(new ReadNotice(_outbox.Node, user, room, to, marker.Seq, unread, countedThrough) { Mentions = mentions });
        }

        return ChatResult.Success(marker.Seq);
    }

    private async Task<(int Unread, int Mentions)> CountUnreadAfterAsync(
        string user, ConversationKey conversation, long seq, long latest, CancellationToken cancellationToken)
    {
        // Bounded: past MaxCountedUnread the UI shows "99+" anyway.
        var after = await _messages.GetAfterAsync(conversation, seq, (int)Math.Min(latest - seq, MaxCountedUnread), cancellationToken).ConfigureAwait(false);
        var unread = after.Where(m => m.Seq <= latest && !ChatNames.SameUser(m.From, user)).ToList();
        return (unread.Count, unread.Count(m => m.Mentioned(user)));
    }

    private async Task<IReadOnlyList<UnreadCount>> CountUnreadAsync(
        string user, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        // A room without a marker starts at its latest message: general for a new user, or a membership older
        // than read markers. Usually there is none, so this is one query.
        var markers = (await _readMarkers.GetAsync(user, cancellationToken).ConfigureAwait(false)).ToDictionary();
        foreach (var room in rooms)
        {
            var conversation = ConversationKey.ForRoom(room);
            if (!markers.ContainsKey(conversation))
            {
                var latest = await _messages.GetLatestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
                markers[conversation] = (await _readMarkers.AdvanceAsync(user, conversation, latest, cancellationToken).ConfigureAwait(false)).Seq;
            }
        }

        // Every room is listed, read or not, so a client knows each room's marker: a message at or below it that
        // arrives live (it was being committed as the connection opened) is not unread.
        var counted = await _readMarkers.CountUnreadAsync(user, rooms, cancellationToken).ConfigureAwait(false);
        var read = rooms
            .Select(ConversationKey.ForRoom)
            .Where(c => !counted.Any(u => u.Conversation == c))
            .Select(c => new UnreadCount(c, c.Room, null, 0, markers.GetValueOrDefault(c), markers.GetValueOrDefault(c)));
        return [.. counted, .. read];
    }
}
