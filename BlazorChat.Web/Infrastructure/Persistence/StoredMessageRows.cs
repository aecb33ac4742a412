using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Messages to rows of <see cref="StoredMessage"/> and back, with their reactions.</summary>
internal static class StoredMessageRows
{
    /// <summary>A new message's row at its place.</summary>
    public static StoredMessage ToRow(NewMessage message, long seq, long rev, string? idempotencyKey) => new()
    {
        MessageId = message.MessageId,
        Conversation = message.Conversation.Value,
        Seq = seq,
        Rev = rev,
        Version = rev,
        ReplyTo = message.ReplyTo,
        Mentions = MentionList.Format(message.Mentions),
        From = message.From,
        Room = message.Room,
        To = message.To,
        Text = message.Text,
        SentAt = message.SentAt,
        ClientMsgId = message.ClientMsgId,
        IdempotencyKey = idempotencyKey,
    };

    /// <summary>The rows as messages, with their reactions (one query for the page).</summary>
    public static async Task<IReadOnlyList<ChatMessage>> WithReactionsAsync(
        ChatDbContext db, List<StoredMessage> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Where(r => !r.Deleted).Select(r => r.MessageId).ToList();
        var reactions = ids.Count == 0 ? [] : await db.Reactions.AsNoTracking()
            .Where(r => ids.Contains(r.MessageId)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var byMessage = reactions.ToLookup(r => r.MessageId, StringComparer.Ordinal);
        return rows.Select(r => ToMessage(r, ConversationKey.Parse(r.Conversation), byMessage[r.MessageId])).ToList();
    }

    /// <summary>A row in its current state; <paramref name="reactions"/> are the message's, in first-use order.</summary>
    public static ChatMessage ToMessage(StoredMessage row, ConversationKey conversation, IEnumerable<StoredReaction> reactions) =>
        new(row.MessageId, conversation, row.Seq, row.From, row.Room, row.To, row.Text, row.SentAt, row.ClientMsgId)
        {
            Rev = row.Rev,
            Version = row.Version == 0 ? row.Rev : row.Version, // a row written by a node from before edits existed
            EditedAt = row.EditedAt,
            Deleted = row.Deleted,
            ReplyTo = row.ReplyTo,
            Mentions = MentionList.Parse(row.Mentions),
            Reactions =
            [
                .. reactions.GroupBy(r => r.Emoji, StringComparer.Ordinal)
                    .OrderBy(g => g.Min(r => r.EmojiRev)).ThenBy(g => g.Min(r => r.Id))
                    .Select(g => new ReactionSummary(g.Key, [.. g.OrderBy(r => r.Id).Select(r => r.User)])),
            ],
            ReplyCount = row.ReplyCount,
            LastReplyAt = row.LastReplyAt,
        };
}
