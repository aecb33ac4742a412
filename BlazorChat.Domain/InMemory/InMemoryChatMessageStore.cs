using System.Collections.Concurrent;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.InMemory;

/// <summary>
/// Keeps the most recent messages of each conversation in memory. Nothing survives a restart; the oldest
/// messages of a conversation are dropped past <c>maxPerConversation</c>, and <c>seq</c> keeps counting.
/// A message is committed as soon as it is queued.
/// </summary>
public sealed class InMemoryChatMessageStore(int maxPerConversation = 10_000, TimeSpan? idempotencyWindow = null) : IChatMessageStore
{
    private readonly TimeSpan _idempotencyWindow = idempotencyWindow ?? new ChatOptions().IdempotencyWindow;
    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);
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

    private ChatMessage Append(NewMessage message)
    {
        if (message.ClientMsgId is { } clientMsgId
            && _byClientMsgId.TryGetValue((message.From.ToLowerInvariant(), clientMsgId), out var original)
            && original.SentAt >= message.SentAt - _idempotencyWindow)
        {
            return original;
        }

        var log = _logs.GetOrAdd(message.Conversation.Value, _ => new Log());
        lock (log)
        {
            var stored = new ChatMessage(
                message.MessageId, message.Conversation, log.LatestSeq + 1, message.From, message.Room, message.To,
                message.Text, message.SentAt, message.ClientMsgId);
            log.Messages.Add(stored);
            log.LatestSeq = stored.Seq;
            if (stored.ClientMsgId is { } id)
            {
                _byClientMsgId[(stored.From.ToLowerInvariant(), id)] = stored;
            }

            if (log.Messages.Count > maxPerConversation)
            {
                log.Messages.RemoveRange(0, log.Messages.Count - maxPerConversation);
            }

            return stored;
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        if (!_logs.TryGetValue(conversation.Value, out var log))
        {
            return ValueTask.FromResult(0L);
        }

        lock (log)
        {
            return ValueTask.FromResult(log.LatestSeq);
        }
    }

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
                heads.Add(new ConversationSeq(ConversationKey.Parse(key), log.LatestSeq));
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
                    conversation, conversation.Room, conversation.Room is null ? newest.From : null, unread.Count, marker ?? 0, newest.Seq));
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

    // Guarded by locking the instance itself.
    private sealed class Log
    {
        public List<ChatMessage> Messages { get; } = [];

        public long LatestSeq { get; set; }
    }
}
