using BlazorChat.Domain;
using static BlazorChat.Web.Endpoints.WebSockets.SocketReplies;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The requests of a room's membership: <c>join</c> (with what it recovers, by seq and by rev, as fits in one reply)
/// and <c>leave</c>.
/// </summary>
internal sealed class RoomMembershipRequests(string user, IChatRoomService chat, FrameBudget budget)
{
    public async Task<SocketReply> JoinAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var room = request.RequiredString("room");
        var afterSeq = request.OptionalInteger("afterSeq", 0, long.MaxValue);
        var pageSize = (int?)request.OptionalInteger("pageSize", 1, 1000);
        var afterRev = request.OptionalInteger("afterRev", 0, long.MaxValue);
        var result = await chat.JoinAsync(user, room, afterSeq, pageSize, afterRev, cancellationToken);
        if (result.Value is not { } joined)
        {
            return Fail(request, result.Error!);
        }

        if (joined.Messages is not { } missed)
        {
            var (byRev, byRevRecovered) = RecoveredEvents(joined, []);
            return Ok(request, w =>
                {
                    w.WriteString("room", joined.Room);
                    w.WriteNumber("seq", joined.Seq);
                    w.WriteNumber("rev", joined.Rev);
                    WriteEvents(w, byRev, byRevRecovered);
                },
                // With afterRev the reply covers every change through its rev (all of them, or it says recovered:false
                // and the client reloads); a plain join covers nothing.
                coverage: byRev is null ? default : new Coverage(joined.Rev, joined.Rev));
        }

        // The reply holds what fits in one frame. Without a page size a v1 client expects every missed message in it,
        // so when they don't fit it is told recovered:false with the newest, and pages back through history.
        var recovered = joined.Recovered ?? false;
        var remaining = joined.Remaining;
        MessagePage page;
        if (!recovered)
        {
            page = budget.Newest(missed);
        }
        else if (pageSize is null)
        {
            page = budget.Oldest(missed);
            if (page.Truncated)
            {
                (page, recovered) = (budget.Newest(missed), false);
            }
        }
        else
        {
            page = budget.Oldest(missed);
            remaining += missed.Count - page.Messages.Count;
        }

        var (events, changesRecovered) = RecoveredEvents(joined, page.Frames);
        return Ok(request, w =>
            {
                w.WriteString("room", joined.Room);
                w.WriteNumber("seq", joined.Seq);
                w.WriteNumber("rev", joined.Rev);
                ReplyFrames.Messages(w, page with { Truncated = false });
                if (events is not null)
                {
                    // Asked for both: recovered only when both recoveries are whole.
                    WriteEvents(w, events, recovered && changesRecovered == true);
                }
                else
                {
                    w.WriteBoolean("recovered", recovered);
                }

                if (pageSize is not null)
                {
                    w.WriteNumber("remaining", remaining);
                }
            },
            // The rest of a long recovery follows the reply as message events, before any live one of the room;
            // live messages the recovery covers are not sent twice.
            remaining > 0 ? new Recovery(joined.Room, page.Messages[^1].Seq, joined.Seq, pageSize!.Value) : null,
            // The messages cover the room's posts through its rev; its other changes only when recovered by rev too.
            new Coverage(joined.Rev, events is null ? 0 : joined.Rev));
    }

    /// <summary>
    /// The recovered changes as their live events' frames, as many as fit beside <paramref name="alongside"/> — all of
    /// them, or none and <c>recovered: false</c>; null when the join asked for none.
    /// </summary>
    private (List<byte[]>? Events, bool? Recovered) RecoveredEvents(JoinResult joined, IReadOnlyList<byte[]> alongside)
    {
        if (joined.Changes is not { } changes)
        {
            return (null, null);
        }

        var events = new List<byte[]>(changes.Count);
        var size = budget.Size(alongside);
        foreach (var change in changes)
        {
            var frame = EventFrames.ChangeFrame(change);
            size += frame.Length + 1; // and its comma
            if (size > budget.MaxServerFrameBytes)
            {
                return ([], false); // stopped at the first that does not fit: no more work for a reply that cannot be whole
            }

            events.Add(frame);
        }

        return (events, joined.ChangesRecovered);
    }

    /// <summary>A join's recovery by rev: <c>events</c> (each a live event's frame) and <c>recovered</c>.</summary>
    private static void WriteEvents(System.Text.Json.Utf8JsonWriter w, List<byte[]>? events, bool? recovered)
    {
        if (events is null)
        {
            return;
        }

        w.WriteStartArray("events");
        foreach (var frame in events)
        {
            w.WriteRawValue(frame, skipInputValidation: true);
        }

        w.WriteEndArray();
        w.WriteBoolean("recovered", recovered == true);
    }

    public async Task<SocketReply> LeaveAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var room = request.RequiredString("room");
        var result = await chat.LeaveAsync(user, room, cancellationToken);
        return result.IsSuccess ? Ok(request, w => w.WriteString("room", room)) : Fail(request, result.Error!);
    }
}
