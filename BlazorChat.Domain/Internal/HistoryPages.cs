using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>Pages of a conversation's history, read by someone who may read it.</summary>
internal sealed class HistoryPages(IChatMessageStore messages, TargetResolver targets)
{
    /// <summary>The longest page of history one read returns.</summary>
    public const int MaxLimit = 100;

    /// <summary>Up to <paramref name="limit"/> messages after <paramref name="afterSeq"/>, oldest first.</summary>
    public async Task<ChatResult<IReadOnlyList<ChatMessage>>> AfterAsync(
        string user, ChatTarget target, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (limit is < 1 or > MaxLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxLimit}.");
        }

        if (afterSeq < 0)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "afterSeq cannot be negative.");
        }

        var resolved = await targets.ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        return await ReadAsync(() => messages.GetAfterAsync(resolved.Value!.Conversation, afterSeq, limit, cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="beforeSeq"/> (the newest when null).</summary>
    public async Task<ChatResult<IReadOnlyList<ChatMessage>>> BeforeAsync(
        string user, ChatTarget target, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (limit is < 1 or > MaxLimit)
        {
            return new ChatError(ChatErrorCodes.BadRequest, $"limit must be between 1 and {MaxLimit}.");
        }

        var resolved = await targets.ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        return await ReadAsync(() => messages.GetBeforeAsync(resolved.Value!.Conversation, beforeSeq, limit, cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>A page of history, or <c>internal</c> when the store fails: a reader retries, nothing is lost.</summary>
    private static async Task<ChatResult<IReadOnlyList<ChatMessage>>> ReadAsync(Func<ValueTask<IReadOnlyList<ChatMessage>>> read)
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
}
