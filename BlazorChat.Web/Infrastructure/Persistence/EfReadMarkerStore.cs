using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Read markers in the chat database; unread counts are two grouped queries over markers and messages.</summary>
internal sealed class EfReadMarkerStore(IDbContextFactory<ChatDbContext> contexts) : IReadMarkerStore
{
    public async Task<IReadOnlyDictionary<ConversationKey, long>> GetAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        var markers = await db.ReadMarkers.AsNoTracking().Where(m => m.UserKey == key).ToListAsync(cancellationToken);
        return markers.ToDictionary(m => ConversationKey.Parse(m.Conversation), m => m.LastReadSeq);
    }

    public async Task<MarkerUpdate> AdvanceAsync(
        string user, ConversationKey conversation, long seq, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        var markers = db.ReadMarkers.Where(m => m.UserKey == key && m.Conversation == conversation.Value);
        for (var attempt = 1; ; attempt++)
        {
            var current = await markers.Select(m => (long?)m.LastReadSeq).FirstOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                db.ReadMarkers.Add(new ReadMarker { UserKey = key, Conversation = conversation.Value, LastReadSeq = seq });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return new MarkerUpdate(seq, Moved: true);
                }
                catch (DbUpdateException) when (attempt == 1)
                {
                    // Another tab created it at the same moment: compare with theirs.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            if (current >= seq)
            {
                return new MarkerUpdate(current.Value, Moved: false);
            }

            // Conditional, so two tabs racing can only ever move it forward.
            if (await markers.Where(m => m.LastReadSeq < seq)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadSeq, seq), cancellationToken) == 1)
            {
                return new MarkerUpdate(seq, Moved: true);
            }
        }
    }

    public async Task<IReadOnlyList<UnreadCount>> CountUnreadAsync(
        string user, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Key(user);
        var roomKeys = rooms.Select(r => ConversationKey.ForRoom(r).Value).ToList();
        var mentioned = MentionList.Of(user);

        // Rooms: from the user's markers into each room's (Conversation, Seq) index, past the marker.
        var inRooms = await (
                from marker in db.ReadMarkers
                where marker.UserKey == key && roomKeys.Contains(marker.Conversation)
                join message in db.Messages on marker.Conversation equals message.Conversation
                where message.Seq > marker.LastReadSeq && message.From != user
                group message by new { marker.Conversation, marker.LastReadSeq } into g
                select new
                {
                    g.Key.Conversation, g.Key.LastReadSeq, Count = g.Count(), LastUnreadSeq = g.Max(m => m.Seq),
                    Mentions = g.Count(m => m.Mentions != null && m.Mentions.Contains(mentioned)),
                })
            .ToListAsync(cancellationToken);

        // Direct conversations: the messages to the user, past the marker if there is one.
        var direct = await (
                from message in db.Messages
                where message.To == user && message.Room == null && message.From != user
                join marker in db.ReadMarkers.Where(m => m.UserKey == key)
                    on message.Conversation equals marker.Conversation into markers
                from marker in markers.DefaultIfEmpty()
                where message.Seq > ((long?)marker.LastReadSeq ?? 0)
                group message by new { message.Conversation, LastReadSeq = (long?)marker.LastReadSeq ?? 0, message.From } into g
                select new
                {
                    g.Key.Conversation, g.Key.LastReadSeq, g.Key.From, Count = g.Count(), LastUnreadSeq = g.Max(m => m.Seq),
                    Mentions = g.Count(m => m.Mentions != null && m.Mentions.Contains(mentioned)),
                })
            .ToListAsync(cancellationToken);

        return
        [
            .. inRooms.Select(r =>
            {
                var conversation = ConversationKey.Parse(r.Conversation);
                return new UnreadCount(conversation, conversation.Room, null, r.Count, r.LastReadSeq, r.LastUnreadSeq, r.Mentions);
            }),
            .. direct.Select(d =>
                new UnreadCount(ConversationKey.Parse(d.Conversation), null, d.From, d.Count, d.LastReadSeq, d.LastUnreadSeq, d.Mentions)),
        ];
    }

    private static string Key(string user) => user.ToLowerInvariant();
}
