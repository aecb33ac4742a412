using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>Turns one request into one call of <see cref="IChatRoomService"/> and its one reply frame.</summary>
internal sealed partial class SocketRequestHandler(string user, IChatRoomService chat, FrameBudget budget, ILogger logger)
{
    public async Task<SocketReply> HandleAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        if (request.Problem is { } problem)
        {
            return Fail(request, problem.ToError());
        }

        try
        {
            return request.Type switch
            {
                "send" => await SendAsync(request, cancellationToken),
                "join" => await JoinAsync(request, cancellationToken),
                "leave" => await LeaveAsync(request, cancellationToken),
                "history" => await HistoryAsync(request, cancellationToken),
                "typing" => Reply(request, await chat.TypingAsync(user, request.Target("to"), cancellationToken)),
                "read" => await ReadAsync(request, cancellationToken),
                "ping" => new SocketReply(ProtocolWriter.Reply(request.Id, type: "pong")),
                "edit" => await EditAsync(request, cancellationToken),
                "delete" => await DeleteAsync(request, cancellationToken),
                "react" => await ReactAsync(request, cancellationToken),
                "thread" => await ThreadAsync(request, cancellationToken),
                null => Fail(request, new ChatError(ChatErrorCodes.BadRequest, "Every frame needs a string 'type'.")),
                _ => Fail(request, new ChatError(ChatErrorCodes.UnknownType, $"Unknown request type '{Shorten(request.Type)}'.")),
            };
        }
        catch (ProtocolException ex)
        {
            return Fail(request, ex.ToError());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A server fault answers this request only; the socket and everyone else are still served.
            LogFault(logger, ex, request.Type, user);
            return Fail(request, new ChatError(ChatErrorCodes.Internal, "The server could not handle that request; try again."));
        }
    }

    private async Task<SocketReply> SendAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target("to");
        var text = request.RequiredString("text");
        var clientMsgId = request.OptionalString("clientMsgId");
        if (clientMsgId is { Length: > 128 })
        {
            throw new ProtocolException("'clientMsgId' is limited to 128 characters.");
        }

        var replyTo = request.OptionalString("replyTo");
        var result = await chat.SendAsync(user, target, text, clientMsgId, replyTo, cancellationToken);
        return result.Value is { } message
            ? Ok(request, w =>
            {
                w.WriteNumber("seq", message.Seq);
                w.WriteNumber("rev", message.Rev);
                w.WriteString("messageId", message.MessageId);
                ProtocolWriter.WriteSentAt(w, message.SentAt);
            })
            : Fail(request, result.Error!);
    }

    private async Task<SocketReply> JoinAsync(ProtocolRequest request, CancellationToken cancellationToken)
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
                ProtocolWriter.Messages(w, page with { Truncated = false });
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
            var frame = ProtocolWriter.ChangeFrame(change);
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

    private async Task<SocketReply> LeaveAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var room = request.RequiredString("room");
        var result = await chat.LeaveAsync(user, room, cancellationToken);
        return result.IsSuccess ? Ok(request, w => w.WriteString("room", room)) : Fail(request, result.Error!);
    }

    private async Task<SocketReply> HistoryAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target("with");
        var beforeSeq = request.OptionalInteger("beforeSeq", 1, long.MaxValue);
        var afterSeq = request.OptionalInteger("afterSeq", 0, long.MaxValue);
        var limit = (int)(request.OptionalInteger("limit", 1, 100) ?? 50);
        if (beforeSeq is not null && afterSeq is not null)
        {
            throw new ProtocolException("Give 'beforeSeq' (page backwards) or 'afterSeq' (page forwards), not both.");
        }

        var result = afterSeq is { } after
            ? await chat.GetHistoryAfterAsync(user, target, after, limit, cancellationToken)
            : await chat.GetHistoryAsync(user, target, beforeSeq, limit, cancellationToken);
        return result.Value is { } messages
            ? Ok(request, w => ProtocolWriter.Messages(w, afterSeq is null ? budget.Newest(messages) : budget.Oldest(messages)))
            : Fail(request, result.Error!);
    }

    private async Task<SocketReply> ReadAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target("with");
        var seq = request.RequiredInteger("seq", 0, long.MaxValue);
        var result = await chat.MarkReadAsync(user, target, seq, cancellationToken);
        return result.IsSuccess ? Ok(request, w => w.WriteNumber("seq", result.Value)) : Fail(request, result.Error!);
    }

    /// <summary>A client's string as quoted back in an error message: short, so a reply stays small.</summary>
    private static string Shorten(string value) =>
        value.Length <= 64 ? value : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[63]) ? 63 : 64), "…");

    [LoggerMessage(110, LogLevel.Error, "The {Type} request of {User} failed")]
    private static partial void LogFault(ILogger logger, Exception exception, string? type, string user);

    private static SocketReply Reply(ProtocolRequest request, ChatResult result) =>
        result.IsSuccess ? Ok(request) : Fail(request, result.Error!);

    private static SocketReply Ok(
        ProtocolRequest request, Action<System.Text.Json.Utf8JsonWriter>? body = null, Recovery? recovery = null, Coverage coverage = default) =>
        new(ProtocolWriter.Reply(request.Id, body), Recovery: recovery, Coverage: coverage);

    private static SocketReply Fail(ProtocolRequest request, ChatError error) =>
        new(ProtocolWriter.Failure(request.Id, error), RateLimited: error.Code == ChatErrorCodes.RateLimited);
}

/// <summary>
/// The one frame that answers a request, whether it refused it for the rate limit, and the recovered messages
/// that must follow it.
/// </summary>
/// <remarks><c>Coverage</c>: what of the room a join's reply holds; held live frames it covers are not sent again.</remarks>
internal readonly record struct SocketReply(byte[] Frame, bool RateLimited = false, Recovery? Recovery = null, Coverage Coverage = default);

/// <summary>
/// What a join's reply holds of its room: posts through <c>PostsThroughRev</c> (its messages) and other changes through
/// <c>ChangesThroughRev</c> (its events, with <c>afterRev</c>). Zero for none.
/// </summary>
internal readonly record struct Coverage(long PostsThroughRev, long ChangesThroughRev);

/// <summary>
/// Recovered messages of a room still to send after a join's reply, in pages of <c>PageSize</c>: seqs after
/// <c>AfterSeq</c> through <c>ThroughSeq</c>.
/// </summary>
internal sealed record Recovery(string Room, long AfterSeq, long ThroughSeq, int PageSize);
