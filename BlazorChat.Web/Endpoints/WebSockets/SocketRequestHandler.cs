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

        // Recovery by rev: every change as its live event, when they all fit in the reply; else recovered:false with
        // events:[] (the Domain gives no Changes when it cannot give them all, but the reply still carries both fields).
        var events = joined.ChangesRecovered is null ? null : (joined.Changes ?? []).Select(ProtocolWriter.ChangeFrame).ToList();
        var changesRecovered = joined.ChangesRecovered;
        if (events is not null && !budget.Fits(events))
        {
            (events, changesRecovered) = ([], false);
        }

        if (joined.Messages is not { } missed)
        {
            return Ok(request, w =>
                {
                    w.WriteString("room", joined.Room);
                    w.WriteNumber("seq", joined.Seq);
                    w.WriteNumber("rev", joined.Rev);
                    WriteEvents(w, events, changesRecovered);
                },
                coveredThroughRev: joined.Rev);
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
            joined.Rev);
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
        ProtocolRequest request, Action<System.Text.Json.Utf8JsonWriter>? body = null, Recovery? recovery = null, long coveredThroughRev = 0) =>
        new(ProtocolWriter.Reply(request.Id, body), Recovery: recovery, CoveredThroughRev: coveredThroughRev);

    private static SocketReply Fail(ProtocolRequest request, ChatError error) =>
        new(ProtocolWriter.Failure(request.Id, error), RateLimited: error.Code == ChatErrorCodes.RateLimited);
}

/// <summary>
/// The one frame that answers a request, whether it refused it for the rate limit, and the recovered messages
/// that must follow it.
/// </summary>
/// <remarks><c>CoveredThroughRev</c>: a join's reply covers the room through that rev; live frames up to it are not sent again.</remarks>
internal readonly record struct SocketReply(byte[] Frame, bool RateLimited = false, Recovery? Recovery = null, long CoveredThroughRev = 0);

/// <summary>
/// Recovered messages of a room still to send after a join's reply, in pages of <c>PageSize</c>: seqs after
/// <c>AfterSeq</c> through <c>ThroughSeq</c>.
/// </summary>
internal sealed record Recovery(string Room, long AfterSeq, long ThroughSeq, int PageSize);
