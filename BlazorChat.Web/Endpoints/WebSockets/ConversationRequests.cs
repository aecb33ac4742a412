using BlazorChat.Domain;
using static BlazorChat.Web.Endpoints.WebSockets.SocketReplies;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>The requests of a conversation's messages: <c>send</c>, <c>history</c> and <c>read</c>.</summary>
internal sealed class ConversationRequests(string user, IChatRoomService chat, FrameBudget budget)
{
    public async Task<SocketReply> SendAsync(ProtocolRequest request, CancellationToken cancellationToken)
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

    public async Task<SocketReply> HistoryAsync(ProtocolRequest request, CancellationToken cancellationToken)
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
            ? Ok(request, w => ReplyFrames.Messages(w, afterSeq is null ? budget.Newest(messages) : budget.Oldest(messages)))
            : Fail(request, result.Error!);
    }

    public async Task<SocketReply> ReadAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target("with");
        var seq = request.RequiredInteger("seq", 0, long.MaxValue);
        var result = await chat.MarkReadAsync(user, target, seq, cancellationToken);
        return result.IsSuccess ? Ok(request, w => w.WriteNumber("seq", result.Value)) : Fail(request, result.Error!);
    }
}
