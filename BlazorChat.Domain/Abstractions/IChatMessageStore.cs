using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Abstractions;

/// <summary>
/// Where messages live. The store assigns each conversation's <c>seq</c>; <see cref="ChatRoomService"/>
/// never calls <see cref="AppendAsync"/> twice at once for the same conversation.
/// </summary>
public interface IChatMessageStore
{
    /// <summary>Stores a message as the next <c>seq</c> of its conversation and returns it as stored.</summary>
    ValueTask<ChatMessage> AppendAsync(NewMessage message, CancellationToken cancellationToken = default);

    /// <summary>The conversation's latest <c>seq</c>, 0 when it has no message.</summary>
    ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq below <paramref name="beforeSeq"/> (or the newest), oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with a seq above <paramref name="afterSeq"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The message <paramref name="from"/> sent with <paramref name="clientMsgId"/> at or after
    /// <paramref name="notBefore"/>, or null: what makes a repeated send idempotent.
    /// </summary>
    ValueTask<ChatMessage?> FindByClientMsgIdAsync(
        string from, string clientMsgId, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    /// <summary>The lowest seq still held for the conversation (1 for a store that keeps everything), or null when empty.</summary>
    ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default);
}
