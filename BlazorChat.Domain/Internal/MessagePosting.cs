using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Posting a message: checked, rate-limited, committed by the store (which gives it its place) and delivered here
/// before the sender hears "ok"; a repeat of a <c>clientMsgId</c> answers with the message already stored.
/// </summary>
internal sealed class MessagePosting(
    IChatMessageStore messages,
    TargetResolver targets,
    MentionFinder mentions,
    TokenBucketLimiter limiter,
    TypingHints typing,
    ChangeDelivery delivery,
    NodeStart start,
    TimeProvider time,
    int maxTextChars,
    ChatMetrics metrics)
{
    public async Task<ChatResult<ChatMessage>> SendAsync(
        string sender, ChatTarget target, string? text, string? clientMsgId, string? replyTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (MessageText.Check(text, maxTextChars) is { } invalid)
        {
            return invalid;
        }

        await start.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var resolved = await targets.ResolveAsync(sender, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        if (limiter.TryTake(sender) is { } retryAfter)
        {
            metrics.UserBudgetRefused();
            return new ChatError(ChatErrorCodes.RateLimited, "Too many messages; slow down.", retryAfter);
        }

        var (conversation, room, to) = resolved.Value!;
        string? root = null;
        if (replyTo is not null)
        {
            // A reply to a reply joins its root's thread: threads are one level deep.
            var answered = await messages.GetMessageAsync(replyTo, cancellationToken).ConfigureAwait(false);
            if (answered is null || answered.Conversation != conversation)
            {
                return MessageChanges.NoSuchMessage();
            }

            root = answered.ReplyTo ?? answered.MessageId;
        }

        var attempt = new NewMessage(NewMessageId(), conversation, sender, room, to, text!, time.GetUtcNow(), clientMsgId)
        {
            ReplyTo = root,
            Mentions = await mentions.FindAsync(conversation, text!, cancellationToken).ConfigureAwait(false),
        };
        ChatMessage stored;
        try
        {
            // The store gives the message its place as it commits; any number of sends, on any node, share commits.
            stored = await (await messages.EnqueueAsync(attempt, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not acknowledged: the sender keeps the text and can retry. Should it have been committed all the same
            // (the answer got lost), the reassembler delivers it once it notices, and a retry finds it.
            return new ChatError(ChatErrorCodes.Internal, "The message could not be stored; try again.");
        }

        if (stored.Conversation != conversation)
        {
            // The clientMsgId names a message to another conversation: this one was not stored, and saying "ok" with
            // the other one would lose it silently.
            return new ChatError(
                ChatErrorCodes.BadRequest, "That clientMsgId was already used for a message to another conversation; give every message its own.");
        }

        typing.Ended(sender, conversation);

        // Handed to this node's delivery rounds before the sender hears "ok"; the other nodes hear of it from the backplane.
        if (stored.MessageId == attempt.MessageId)
        {
            metrics.Committed(ChangeKind.Posted);
            await delivery.DeliverAsync(new ChatChange(ChangeKind.Posted, stored.Rev, stored), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A repeat: the original was delivered when it was stored — unless that commit's answer was lost.
            await delivery.CatchUpAsync(conversation, stored.Rev, stored.Seq, cancellationToken).ConfigureAwait(false);
        }

        return ChatResult.Success(stored);
    }

    private static string NewMessageId() => Guid.CreateVersion7().ToString("N");
}
