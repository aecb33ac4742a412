using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

// Reads: messages in their current state (with their reactions), the stream of changes, threads and heads.
internal sealed partial class EfChatMessageStore
{
    public async ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.Conversations.AsNoTracking().Where(c => c.Key == conversation.Value)
            .Select(c => new { c.LastSeq, c.LastRev }).FirstOrDefaultAsync(cancellationToken);
        return new ConversationSeq(conversation, head?.LastSeq ?? 0, head?.LastRev ?? 0);
    }

    public async ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        (await GetHeadAsync(conversation, cancellationToken)).LatestSeq;

    public async ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var heads = await db.Conversations.AsNoTracking().Select(c => new { c.Key, c.LastSeq, c.LastRev }).ToListAsync(cancellationToken);
        return heads.Select(h => new ConversationSeq(ConversationKey.Parse(h.Key), h.LastSeq, h.LastRev)).ToList();
    }

    public async ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var before = beforeSeq ?? long.MaxValue;
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation == conversation.Value && m.Seq < before)
            .OrderByDescending(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
        page.Reverse();
        return await StoredMessageRows.WithReactionsAsync(db, page, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation == conversation.Value && m.Seq > afterSeq)
            .OrderBy(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
        return await StoredMessageRows.WithReactionsAsync(db, page, cancellationToken);
    }

    public async ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.Where(m => m.Conversation == conversation.Value).MinAsync(m => (long?)m.Seq, cancellationToken);
    }

    public async ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId, cancellationToken);
        return row is null ? null : (await StoredMessageRows.WithReactionsAsync(db, [row], cancellationToken))[0];
    }

    public async ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(
        string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.ReplyTo == rootMessageId && m.Seq > afterSeq)
            .OrderBy(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
        return await StoredMessageRows.WithReactionsAsync(db, page, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ChatChange>> GetChangesAfterAsync(
        ConversationKey conversation, long afterRev, int limit, CancellationToken cancellationToken = default)
    {
        // Revs have no gaps, so the next `limit` changes lie in (afterRev, afterRev + limit]: posts in Messages, the
        // rest in MessageChanges, each read through its (Conversation, Rev) index.
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var through = afterRev + limit;
        var posted = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation == conversation.Value && m.Rev > afterRev && m.Rev <= through)
            .ToListAsync(cancellationToken);
        var changed = await db.MessageChanges.AsNoTracking()
            .Where(c => c.Conversation == conversation.Value && c.Rev > afterRev && c.Rev <= through)
            .ToListAsync(cancellationToken);
        var have = posted.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        var missing = changed.Select(c => c.MessageId).Where(id => !have.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var rows = posted.Concat(missing.Count == 0 ? [] : await db.Messages.AsNoTracking().Where(m => missing.Contains(m.MessageId)).ToListAsync(cancellationToken))
            .ToList();
        var messages = (await StoredMessageRows.WithReactionsAsync(db, rows, cancellationToken)).ToDictionary(m => m.MessageId, StringComparer.Ordinal);
        return
        [
            .. posted.Select(m => new ChatChange(ChangeKind.Posted, m.Rev, messages[m.MessageId]))
                .Concat(changed.Select(c => new ChatChange(c.Kind, c.Rev, messages[c.MessageId], c.User, c.Emoji, c.On)))
                .OrderBy(c => c.Rev),
        ];
    }
}
