using BlazorChat.Domain;
using static BlazorChat.Web.Endpoints.WebSockets.SocketReplies;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The v2 requests of messages that change — <c>edit</c>, <c>delete</c>, <c>react</c> and <c>thread</c> — answered on
/// every socket, whichever subprotocol it chose.
/// </summary>
internal sealed class MessageChangeRequests(string user, IChatRoomService chat, FrameBudget budget)
{
    private const int MaxMessageIdLength = 64;

    public async Task<SocketReply> EditAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var messageId = MessageId(request);
        var text = request.RequiredString("text");
        var result = await chat.EditAsync(user, messageId, text, cancellationToken);
        return result.Value is { } change
            ? Ok(request, w =>
            {
                w.WriteString("messageId", change.Message.MessageId);
                w.WriteNumber("rev", change.Rev);
                w.WriteNumber("version", change.Rev);
            })
            : Fail(request, result.Error!);
    }

    public async Task<SocketReply> DeleteAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var result = await chat.DeleteAsync(user, MessageId(request), cancellationToken);
        return result.Value is { } change
            ? Ok(request, w =>
            {
                w.WriteString("messageId", change.Message.MessageId);
                w.WriteNumber("rev", change.Rev);
            })
            : Fail(request, result.Error!);
    }

    public async Task<SocketReply> ReactAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var messageId = MessageId(request);
        var emoji = request.RequiredString("emoji");
        var on = request.RequiredBoolean("on");
        var result = await chat.ReactAsync(user, messageId, emoji, on, cancellationToken);
        if (result.Error is { } error)
        {
            return Fail(request, error);
        }

        return Ok(request, w =>
        {
            w.WriteString("messageId", messageId);
            if (result.Value is { } change)
            {
                w.WriteBoolean("changed", true);
                w.WriteNumber("rev", change.Rev);
            }
            else
            {
                w.WriteBoolean("changed", false); // it already was so: nothing stored, no event
            }
        });
    }

    public async Task<SocketReply> ThreadAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var messageId = MessageId(request);
        var limit = (int?)request.OptionalInteger("limit", 1, 100);
        var afterSeq = request.OptionalInteger("afterSeq", 0, long.MaxValue);
        var result = await chat.GetThreadAsync(user, messageId, afterSeq, limit, cancellationToken);
        if (result.Value is not { } thread)
        {
            return Fail(request, result.Error!);
        }

        var root = EventFrames.MessageFrame(thread.Root);
        var page = budget.Oldest(thread.Replies, root.Length + 16);
        return Ok(request, w =>
        {
            w.WritePropertyName("root");
            w.WriteRawValue(root, skipInputValidation: true);
            ReplyFrames.Messages(w, page);
        });
    }

    private static string MessageId(ProtocolRequest request)
    {
        var messageId = request.RequiredString("messageId");
        return messageId.Length is > 0 and <= MaxMessageIdLength
            ? messageId
            : throw new ProtocolException($"'messageId' is 1–{MaxMessageIdLength} characters.");
    }
}
