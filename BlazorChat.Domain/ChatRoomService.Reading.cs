using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

// Reading: history pages, and read markers (see ReadMarking).
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
        StoreFaultIsInternalAsync(() => _reads.MarkReadAsync(user, target, seq, cancellationToken), e => e, "The read marker could not be stored; try again.");
}
