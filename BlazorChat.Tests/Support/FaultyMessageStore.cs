using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Support;

/// <summary>
/// In-memory messages with faults on demand: <see cref="FailAppends"/> — the disk is full, nothing is stored;
/// <see cref="LoseNextAck"/> — the next append is stored but reported as failed (the commit happened, its
/// answer got lost), which is exactly when a retry must not double it.
/// </summary>
public sealed class FaultyMessageStore : IChatMessageStore
{
    private readonly InMemoryChatMessageStore _inner = new();

    /// <summary>The messages as stored, for an <see cref="InMemoryReadMarkerStore"/> to count.</summary>
    public InMemoryChatMessageStore Inner => _inner;

    public bool FailAppends { get; set; }

    public bool LoseNextAck { get; set; }

    public async ValueTask<ChatMessage> AppendAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        if (FailAppends)
        {
            throw new IOException("disk full");
        }

        var stored = await _inner.AppendAsync(message, cancellationToken);
        if (LoseNextAck)
        {
            LoseNextAck = false;
            throw new TimeoutException("the commit's answer was lost");
        }

        return stored;
    }

    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetLatestSeqAsync(conversation, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetBeforeAsync(conversation, beforeSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetAfterAsync(conversation, afterSeq, limit, cancellationToken);

    public ValueTask<ChatMessage?> FindByClientMsgIdAsync(string from, string clientMsgId, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        _inner.FindByClientMsgIdAsync(from, clientMsgId, notBefore, cancellationToken);

    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetOldestSeqAsync(conversation, cancellationToken);
}
