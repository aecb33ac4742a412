using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Support;

/// <summary>A message store whose disk is full: every append throws; reads work (and find nothing).</summary>
public sealed class FailingMessageStore : IChatMessageStore
{
    private readonly InMemoryChatMessageStore _reads = new();

    public ValueTask<ChatMessage> AppendAsync(NewMessage message, CancellationToken cancellationToken = default) =>
        throw new IOException("disk full");

    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _reads.GetLatestSeqAsync(conversation, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        _reads.GetBeforeAsync(conversation, beforeSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _reads.GetAfterAsync(conversation, afterSeq, limit, cancellationToken);

    public ValueTask<ChatMessage?> FindByClientMsgIdAsync(string from, string clientMsgId, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        _reads.FindByClientMsgIdAsync(from, clientMsgId, notBefore, cancellationToken);

    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _reads.GetOldestSeqAsync(conversation, cancellationToken);
}
