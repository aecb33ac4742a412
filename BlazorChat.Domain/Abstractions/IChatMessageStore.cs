using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Abstractions;

/// <summary>
/// Where messages live: the one log of every node. The store assigns each conversation's <c>seq</c> as it commits,
/// in commit order (a reader never sees N+1 before N), and makes sends idempotent, even across writers.
/// </summary>
public interface IChatMessageStore
{
    /// <summary>
    /// Queues a message to be stored as the next <c>seq</c> of its conversation, and returns once it has its
    /// place: messages of one conversation take their seqs in the order their calls return. The returned task
    /// completes with the message as stored once it is durable (or faults when it could not be stored), so many
    /// messages, even of one conversation, can share a commit.
    /// </summary>
    /// <remarks>
    /// A message whose sender already stored one with the same <see cref="NewMessage.ClientMsgId"/> within
    /// <see cref="ChatOptions.IdempotencyWindow"/> before its <see cref="NewMessage.SentAt"/> is not stored again:
    /// the task completes with the original, which the caller tells apart by its <see cref="ChatMessage.MessageId"/>.
    /// </remarks>
    ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default);

    /// <summary>The conversation's latest committed <c>seq</c>, 0 when it has no message.</summary>
    ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq below <paramref name="beforeSeq"/> (or the newest), oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq above <paramref name="afterSeq"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every conversation's latest committed <c>seq</c> (its head), for a node to compare with what it has delivered:
    /// what a head is ahead of was committed and must be read back from the store.
    /// </summary>
    ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>The lowest seq still held for the conversation (1 for a store that keeps everything), or null when empty.</summary>
    ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);
}
