using System.Collections.Concurrent;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.InMemory;

/// <summary>
/// Keeps the most recent messages and changes of each conversation in memory. Nothing survives a restart; the oldest
/// messages (and changes) of a conversation are dropped past <c>maxPerConversation</c>, and <c>seq</c> and <c>rev</c>
/// keep counting. A message or change is committed as soon as it is queued.
/// </summary>
public sealed class InMemoryChatMessageStore(int maxPerConversation = 10_000, TimeSpan? idempotencyWindow = null) : IChatMessageStore
{
    private readonly TimeSpan _idempotencyWindow = idempotencyWindow ?? new ChatOptions().IdempotencyWindow;
    private readonly ConcurrentDictionary<string, ConversationLog> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConversationLog> _byMessageId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string ClientMsgId), ChatMessage> _byClientMsgId = []; // also the lock of appends

    /// <inheritdoc />
    public ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_byClientMsgId)
        {
            return ValueTask.FromResult(Task.FromResult(Append(message)));
        }
    }

    /// <inheritdoc />
    public ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_logs.TryGetValue(change.Conversation.Value, out var log))
        {
            return ValueTask.FromResult(Task.FromResult(new ChangeOutcome(ChangeStatus.NotFound)));
        }

        lock (log)
        {
            return ValueTask.FromResult(Task.FromResult(log.Apply(change)));
        }
    }

    private ChatMessage Append(NewMessage message)
    {
        if (message.ClientMsgId is { } clientMsgId
            && _byClientMsgId.TryGetValue((message.From.ToLowerInvariant(), clientMsgId), out var original)
            && original.SentAt >= message.SentAt - _idempotencyWindow)
        {
            return CurrentOf(original);
        }

        var log = _logs.GetOrAdd(message.Conversation.Value, static (_, max) => new ConversationLog(max), maxPerConversation);
        ChatMessage stored;
        lock (log)
        {
            stored = log.Append(message);
        }

        _byMessageId[stored.MessageId] = log;
        if (stored.ClientMsgId is { } id)
        {
            _byClientMsgId[(stored.From.ToLowerInvariant(), id)] = stored;
        }

        return stored;
    }

    // The original of a repeated send, as it is now.
    private ChatMessage CurrentOf(ChatMessage message)
    {
        if (_byMessageId.TryGetValue(message.MessageId, out var log))
        {
            lock (log)
            {
                return log.Find(message.MessageId) ?? message;
            }
        }

        return message;
    }

    /// <inheritdoc />
    public ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        if (!_byMessageId.TryGetValue(messageId, out var log))
        {
            return ValueTask.FromResult<ChatMessage?>(null);
        }

        lock (log)
        {
            return ValueTask.FromResult(log.Find(messageId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatChange>> GetChangesAfterAsync(
        ConversationKey conversation, long afterRev, int limit, CancellationToken cancellationToken = default)
    {
        if (!_logs.TryGetValue(conversation.Value, out var log))
        {
            return ValueTask.FromResult<IReadOnlyList<ChatChange>>([]);
        }

        lock (log)
        {
            return ValueTask.FromResult<IReadOnlyList<ChatChange>>(log.ChangesAfter(afterRev, limit));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(
        string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        if (!_byMessageId.TryGetValue(rootMessageId, out var log))
        {
            return ValueTask.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        lock (log)
        {
            return ValueTask.FromResult<IReadOnlyList<ChatMessage>>(
                log.Messages.Where(m => m.ReplyTo == rootMessageId && m.Seq > afterSeq).Take(limit).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        if (!_logs.TryGetValue(conversation.Value, out var log))
        {
            return ValueTask.FromResult(new ConversationSeq(conversation, 0, 0));
        }

        lock (log)
        {
            return ValueTask.FromResult(new ConversationSeq(conversation, log.LatestSeq, log.LatestRev));
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        (await GetHeadAsync(conversation, cancellationToken).ConfigureAwait(false)).LatestSeq;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Read(conversation, messages =>
        {
            var end = beforeSeq is { } before ? messages.FindLastIndex(m => m.Seq < before) + 1 : messages.Count;
            var start = Math.Max(0, end - limit);
            return messages.GetRange(start, end - start);
        });

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        Read(conversation, messages =>
        {
            var start = messages.FindIndex(m => m.Seq > afterSeq);
            return start < 0 ? [] : messages.GetRange(start, Math.Min(limit, messages.Count - start));
        });

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default)
    {
        var heads = new List<ConversationSeq>(_logs.Count);
        foreach (var (key, log) in _logs)
        {
            lock (log)
            {
                heads.Add(new ConversationSeq(ConversationKey.Parse(key), log.LatestSeq, log.LatestRev));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<ConversationSeq>>(heads);
    }

    /// <inheritdoc />
    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        if (!_logs.TryGetValue(conversation.Value, out var log))
        {
            return ValueTask.FromResult<long?>(null);
        }

        lock (log)
        {
            return ValueTask.FromResult(log.Messages.Count == 0 ? null : (long?)log.Messages[0].Seq);
        }
    }

    /// <summary>
    /// For <see cref="InMemoryReadMarkerStore"/>: the user's unread messages per conversation, in
    /// <paramref name="rooms"/> (only those with a marker) and in the user's direct conversations.
    /// </summary>
    internal List<UnreadCount> CountUnread(string user, IReadOnlyCollection<string> rooms, Func<ConversationKey, long?> markerOf)
    {
        var userKey = user.ToLowerInvariant();
        var counts = new List<UnreadCount>();
        foreach (var (key, log) in _logs)
        {
            var conversation = ConversationKey.Parse(key);
            var marker = markerOf(conversation);
            var counted = conversation.Room is { } room
                ? rooms.Contains(room) && marker is not null
                : key[3..].Split('|').Contains(userKey);
            if (!counted)
            {
                continue;
            }

            List<ChatMessage> unread;
            lock (log)
            {
                unread = log.Messages.Where(m => m.Seq > (marker ?? 0) && !ChatNames.SameUser(m.From, user)).ToList();
            }

            if (unread.Count > 0)
            {
                var newest = unread[^1];
                counts.Add(new UnreadCount(
                    conversation, conversation.Room, conversation.Room is null ? newest.From : null, unread.Count, marker ?? 0, newest.Seq,
                    unread.Count(m => m.Mentioned(user))));
            }
        }

        return counts;
    }

    private ValueTask<IReadOnlyList<ChatMessage>> Read(
        ConversationKey conversation, Func<List<ChatMessage>, List<ChatMessage>> select)
    {
        if (!_logs.TryGetValue(conversation.Value, out var log))
        {
            return ValueTask.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        lock (log)
        {
            return ValueTask.FromResult<IReadOnlyList<ChatMessage>>(select(log.Messages));
        }
    }
}
