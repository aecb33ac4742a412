using System.Globalization;
using System.Text;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Edits, deletes and reactions — each checked, committed by the store as the conversation's next rev and delivered
/// like a new message — and reading threads. Every answer about a message the caller cannot read is the same
/// <c>not_found</c> as for one that does not exist.
/// </summary>
internal sealed class MessageChanges(
    IChatMessageStore messages,
    MentionFinder mentions,
    Func<string, string, CancellationToken, Task<bool>> isMember,
    TokenBucketLimiter limiter,
    TimeProvider time,
    Func<ChatChange, CancellationToken, Task> deliver,
    int maxTextChars,
    ChatMetrics metrics)
{
    private const int MaxEmojiCharacters = 32;
    private const int DefaultThreadLimit = 50;
    private const int MaxThreadLimit = 100;

    public async Task<ChatResult<ChatChange>> EditAsync(
        string user, string? messageId, string? text, CancellationToken cancellationToken = default)
    {
        if (MessageText.Check(text, maxTextChars) is { } invalid)
        {
            return invalid;
        }

        var found = await FindReadableAsync(user, messageId, cancellationToken, deletedIsGone: true).ConfigureAwait(false);
        if (found.Error is { } error)
        {
            return error;
        }

        var message = found.Value!;
        if (!ChatNames.SameUser(message.From, user))
        {
            return Forbidden("Only its author can edit a message.");
        }

        // The rate limit is taken before the mentions are looked up, so a flood of edits costs no queries.
        if (limiter.TryTake(user) is { } retryAfter)
        {
            return RateLimited(retryAfter);
        }

        var mentioned = await mentions.FindAsync(message.Conversation, text!, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(
            new MessageChangeRequest(ChangeKind.Edited, message.MessageId, message.Conversation, user, time.GetUtcNow())
            {
                Text = text,
                Mentions = mentioned,
            },
            cancellationToken,
            limited: true).ConfigureAwait(false);
    }

    public async Task<ChatResult<ChatChange>> DeleteAsync(string user, string? messageId, CancellationToken cancellationToken = default)
    {
        var found = await FindReadableAsync(user, messageId, cancellationToken, deletedIsGone: true).ConfigureAwait(false);
        if (found.Error is { } error)
        {
            return error;
        }

        var message = found.Value!;
        return !ChatNames.SameUser(message.From, user)
            ? Forbidden("Only its author can delete a message.")
            : await ChangeAsync(
                new MessageChangeRequest(ChangeKind.Deleted, message.MessageId, message.Conversation, user, time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChatResult<ChatChange?>> ReactAsync(
        string user, string? messageId, string? emoji, bool on, CancellationToken cancellationToken = default)
    {
        if (!IsEmoji(emoji))
        {
            return new ChatError(
                ChatErrorCodes.BadRequest, $"An emoji is 1–{MaxEmojiCharacters} characters, without spaces or control characters.");
        }

        var found = await FindReadableAsync(user, messageId, cancellationToken, deletedIsGone: true).ConfigureAwait(false);
        if (found.Error is { } error)
        {
            return error;
        }

        var message = found.Value!;
        var changed = await ChangeAsync(
            new MessageChangeRequest(ChangeKind.Reacted, message.MessageId, message.Conversation, user, time.GetUtcNow())
            {
                Emoji = emoji,
                On = on,
            },
            cancellationToken).ConfigureAwait(false);
        return changed.Error is { } refused ? refused : ChatResult.Success(changed.Value);
    }

    public async Task<ChatResult<ThreadResult>> GetThreadAsync(
        string user, string? messageId, long? afterSeq = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxThreadLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxThreadLimit}.");
        }

        if (afterSeq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "afterSeq cannot be negative.");
        }

        var found = await FindReadableAsync(user, messageId, cancellationToken).ConfigureAwait(false);
        if (found.Error is { } error)
        {
            return error;
        }

        try
        {
            var message = found.Value!;
            var root = message.ReplyTo is { } rootId ? await messages.GetMessageAsync(rootId, cancellationToken).ConfigureAwait(false) : message;
            if (root is null)
            {
                return NoSuchMessage();
            }

            var replies = await messages.GetRepliesAsync(root.MessageId, afterSeq ?? 0, limit ?? DefaultThreadLimit, cancellationToken)
                .ConfigureAwait(false);
            return ChatResult.Success(new ThreadResult(root, replies));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ChatError(ChatErrorCodes.Internal, "The thread could not be read; try again.");
        }
    }

    /// <summary>
    /// Commits a change and delivers it. A change the store refuses maps to the protocol's error; an unchanged reaction
    /// is a success without a change.
    /// </summary>
    private async Task<ChatResult<ChatChange>> ChangeAsync(MessageChangeRequest request, CancellationToken cancellationToken, bool limited = false)
    {
        if (!limited && limiter.TryTake(request.User) is { } retryAfter)
        {
            return RateLimited(retryAfter);
        }

        ChangeOutcome outcome;
        try
        {
            outcome = await (await messages.EnqueueChangeAsync(request, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ChatError(ChatErrorCodes.Internal, "The change could not be stored; try again.");
        }

        switch (outcome.Status)
        {
            case ChangeStatus.Applied:
                metrics.Committed(outcome.Change!.Kind);
                await deliver(outcome.Change!, cancellationToken).ConfigureAwait(false);
                return ChatResult.Success(outcome.Change!);
            case ChangeStatus.Unchanged:
                return ChatResult.Success<ChatChange>(null!);
            case ChangeStatus.Forbidden:
                return Forbidden("Only its author can change a message.");
            case ChangeStatus.TooManyEmoji:
                return new ChatError(
                    ChatErrorCodes.BadRequest, $"A message carries at most {MessageChangeRequest.MaxEmojiPerMessage} different emoji.");
            default:
                return NoSuchMessage();
        }
    }

    /// <summary>
    /// The message, when it exists and the user can read its conversation (and, with <paramref name="deletedIsGone"/>,
    /// it is not deleted); otherwise <c>not_found</c>, the same answer in every case, so nobody learns that a message
    /// exists. A deleted message is still the root of its thread.
    /// </summary>
    private async Task<ChatResult<ChatMessage>> FindReadableAsync(
        string user, string? messageId, CancellationToken cancellationToken, bool deletedIsGone = false)
    {
        if (string.IsNullOrEmpty(messageId) || messageId.Length > 64)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "Name the message by its messageId.");
        }

        ChatMessage? message;
        try
        {
            message = await messages.GetMessageAsync(messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ChatError(ChatErrorCodes.Internal, "The message could not be read; try again.");
        }

        var readable = message is not null && (message.Room is { } room
            ? await isMember(user, room, cancellationToken).ConfigureAwait(false)
            : ChatNames.SameUser(message.From, user) || ChatNames.SameUser(message.To!, user));
        return readable && !(deletedIsGone && message!.Deleted) ? ChatResult.Success(message!) : NoSuchMessage();
    }

    private static bool IsEmoji(string? emoji)
    {
        if (string.IsNullOrEmpty(emoji))
        {
            return false;
        }

        var count = 0;
        foreach (var rune in emoji.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || ++count > MaxEmojiCharacters)
            {
                return false;
            }
        }

        return true;
    }

    public static ChatError NoSuchMessage() => new(ChatErrorCodes.NotFound, "There is no such message.");

    private static ChatError Forbidden(string message) => new(ChatErrorCodes.Forbidden, message);

    private ChatError RateLimited(TimeSpan retryAfter)
    {
        metrics.UserBudgetRefused();
        return new(ChatErrorCodes.RateLimited, "Too many changes; slow down.", retryAfter);
    }
}
