using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Read markers in the chat database; unread counts are two grouped queries over markers and messages. What every
/// connect asks is in <see cref="ConnectQueries"/>, compiled once.
/// </summary>
internal sealed class EfReadMarkerStore(IDbContextFactory<ChatDbContext> contexts) : IReadMarkerStore
{
    private readonly ConnectQueries _queries = new();

    public async Task<IReadOnlyDictionary<ConversationKey, long>> GetAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var markers = new Dictionary<ConversationKey, long>();
        await foreach (var marker in _queries.MarkersOf(db, Key(user)).WithCancellation(cancellationToken))
        {
            markers[ConversationKey.Parse(marker.Conversation)] = marker.LastReadSeq;
        }

        return markers;
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

        var inRooms = await _queries.UnreadInRooms(db, key, roomKeys, user, mentioned).ToListAsync(cancellationToken);
        var direct = await _queries.UnreadDirect(db, key, user, mentioned).ToListAsync(cancellationToken);

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
