using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// The queries every connect runs (a socket's or a tab's rooms, read markers and unread counts), compiled once. A
/// LINQ query written inline is built as an expression tree, its parameters pulled out and the tree hashed and
/// compared against the query cache on every call: in a connect storm that was most of EF's share of the CPU.
/// </summary>
/// <remarks>
/// A compiled query runs against the one model it first ran with (EF refuses another), so each store holds its own
/// instance: a store's contexts all come from one factory, hence one model.
/// </remarks>
internal sealed class ConnectQueries
{
    /// <summary>A user's rooms (their membership key), by name.</summary>
    public Func<ChatDbContext, string, IAsyncEnumerable<string>> RoomsOf { get; } = EF.CompileAsyncQuery(
        (ChatDbContext db, string key) => db.RoomMemberships.Where(m => m.UserKey == key).OrderBy(m => m.Room).Select(m => m.Room));

    /// <summary>A user's read markers (their marker key).</summary>
    public Func<ChatDbContext, string, IAsyncEnumerable<ReadMarker>> MarkersOf { get; } = EF.CompileAsyncQuery(
        (ChatDbContext db, string key) => db.ReadMarkers.AsNoTracking().Where(m => m.UserKey == key));

    /// <summary>
    /// Rooms: from the user's markers into each room's (Conversation, Seq) index, past the marker; only rooms with
    /// something unread. Parameters: marker key, the rooms' conversation keys, the user, the user's mention token.
    /// </summary>
    public Func<ChatDbContext, string, List<string>, string, string, IAsyncEnumerable<UnreadRow>> UnreadInRooms { get; } =
        EF.CompileAsyncQuery((ChatDbContext db, string key, List<string> roomKeys, string user, string mentioned) =>
            from marker in db.ReadMarkers
            where marker.UserKey == key && roomKeys.Contains(marker.Conversation)
            join message in db.Messages on marker.Conversation equals message.Conversation
            where message.Seq > marker.LastReadSeq && message.From != user
            group message by new { marker.Conversation, marker.LastReadSeq } into g
            select new UnreadRow(
                g.Key.Conversation, g.Key.LastReadSeq, null, g.Count(), g.Max(m => m.Seq),
                g.Count(m => m.Mentions != null && m.Mentions.Contains(mentioned))));

    /// <summary>
    /// Direct conversations: the messages to the user, past the marker if there is one, per sender. Parameters:
    /// marker key, the user, the user's mention token.
    /// </summary>
    public Func<ChatDbContext, string, string, string, IAsyncEnumerable<UnreadRow>> UnreadDirect { get; } =
        EF.CompileAsyncQuery((ChatDbContext db, string key, string user, string mentioned) =>
            from message in db.Messages
            where message.To == user && message.Room == null && message.From != user
            join marker in db.ReadMarkers.Where(m => m.UserKey == key)
                on message.Conversation equals marker.Conversation into markers
            from marker in markers.DefaultIfEmpty()
            where message.Seq > ((long?)marker.LastReadSeq ?? 0)
            group message by new { message.Conversation, LastReadSeq = (long?)marker.LastReadSeq ?? 0, message.From } into g
            select new UnreadRow(
                g.Key.Conversation, g.Key.LastReadSeq, g.Key.From, g.Count(), g.Max(m => m.Seq),
                g.Count(m => m.Mentions != null && m.Mentions.Contains(mentioned))));
}

/// <summary>One conversation's unread messages past the user's marker (<paramref name="From"/>: a direct message's sender).</summary>
internal sealed record UnreadRow(string Conversation, long LastReadSeq, string? From, int Count, long LastUnreadSeq, int Mentions);
