using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Abstractions;

/// <summary>
/// Where messages live: the one log of every node. The store assigns each conversation's <c>seq</c> (messages) and
/// <c>rev</c> (every change: posts, edits, deletes, reactions) as it commits, in commit order (a reader never sees
/// N+1 before N), and makes sends idempotent, even across writers. Reads return messages in their current state.
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

    /// <summary>
    /// Queues a change of a stored message to be committed as the next <c>rev</c> of its conversation, in the same
    /// order as <see cref="EnqueueAsync"/>'s messages; the returned task completes once it is durable (or refused).
    /// </summary>
    ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default);

    /// <summary>A message in its current state, or null when there is none with that id.</summary>
    ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> changes with a rev above <paramref name="afterRev"/>, oldest first, each with its
    /// message as it is now. A store that no longer holds the oldest of them starts later: check the first rev.
    /// </summary>
    ValueTask<IReadOnlyList<ChatChange>> GetChangesAfterAsync(
        ConversationKey conversation, long afterRev, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> replies to a root with a seq above <paramref name="afterSeq"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(
        string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The conversation's head: latest committed seq and rev, both 0 when it has no message.</summary>
    ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>The conversation's latest committed <c>seq</c>, 0 when it has no message.</summary>
    ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq below <paramref name="beforeSeq"/> (or the newest), oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq above <paramref name="afterSeq"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every conversation's head (latest committed seq and rev), for a node to compare with what it has delivered:
    /// what a head is ahead of was committed and must be read back from the store.
    /// </summary>
    ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>The lowest seq still held for the conversation (1 for a store that keeps everything), or null when empty.</summary>
    ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);
}
