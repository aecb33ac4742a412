using System.Text;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The <c>hello</c> frame, kept within <c>limits.maxServerFrameBytes</c> like every server frame. Rooms are bounded by
/// <c>Chat:MaxRoomsPerUser</c>; a user with more unread conversations, or a server with more people online, than one
/// frame holds gets as many as fit and <c>roomsTruncated</c> / <c>unreadTruncated</c> / <c>onlineTruncated</c>.
/// </summary>
internal static class HelloFrame
{
    /// <summary>The bytes of the longest <c>rooms</c> list: room names are at most 64 ASCII characters, quoted, with commas.</summary>
    public static long LargestRoomList(int maxRoomsPerUser) => 67L * (maxRoomsPerUser + 1L);

    public static byte[] Write(SessionStarted hello, ChatWebOptions options, int maxTextChars)
    {
        var unread = hello.Unread.Select(UnreadEntry).ToList();
        var full = Write(hello, options, maxTextChars, hello.Rooms, hello.Online, unread, truncated: false);
        if (full.Length <= options.MaxServerFrameBytes)
        {
            return full;
        }

        // Rooms first (bounded by Chat:MaxRoomsPerUser, unless it was lowered after people joined more), then unread
        // counts (only the hello has them), then as many of the people online as fit.
        var room = options.MaxServerFrameBytes - Write(hello, options, maxTextChars, [], [], [], truncated: true).Length;
        var fittingRooms = TakeWhileFits(hello.Rooms, name => Encoding.UTF8.GetByteCount(name) + 3, ref room);
        var fittingUnread = TakeWhileFits(unread, entry => entry.Length + 1, ref room);
        var fittingOnline = TakeWhileFits(hello.Online, name => Encoding.UTF8.GetByteCount(name) + 3, ref room);
        return Write(hello, options, maxTextChars, fittingRooms, fittingOnline, fittingUnread, truncated: true);
    }

    private static List<T> TakeWhileFits<T>(IEnumerable<T> items, Func<T, int> size, ref int room)
    {
        var taken = new List<T>();
        foreach (var item in items)
        {
            var cost = size(item);
            if (cost > room)
            {
                break;
            }

            room -= cost;
            taken.Add(item);
        }

        return taken;
    }

    private static byte[] Write(
        SessionStarted hello,
        ChatWebOptions options,
        int maxTextChars,
        IReadOnlyList<string> rooms,
        IReadOnlyList<string> online,
        List<byte[]> unread,
        bool truncated) =>
        ProtocolWriter.Write(w =>
        {
            w.WriteString("type", "hello");
            w.WriteString("user", hello.User);
            ProtocolWriter.StringArray(w, "rooms", rooms);
            ProtocolWriter.StringArray(w, "online", online);
            w.WriteStartObject("limits");
            w.WriteNumber("maxFrameBytes", options.MaxFrameBytes);
            w.WriteNumber("maxTextChars", maxTextChars);
            w.WriteNumber("maxServerFrameBytes", options.MaxServerFrameBytes);
            w.WriteEndObject();
            w.WriteStartArray("unread");
            foreach (var entry in unread)
            {
                w.WriteRawValue(entry, skipInputValidation: true);
            }

            w.WriteEndArray();
            if (truncated)
            {
                w.WriteBoolean("roomsTruncated", rooms.Count < hello.Rooms.Count);
                w.WriteBoolean("unreadTruncated", unread.Count < hello.Unread.Count);
                w.WriteBoolean("onlineTruncated", online.Count < hello.Online.Count);
            }
        });

    private static byte[] UnreadEntry(UnreadCount unread) => ProtocolWriter.Write(w =>
    {
        ProtocolWriter.WriteConversation(w, unread.Room, unread.With);
        w.WriteNumber("count", unread.Count);
        w.WriteNumber("lastReadSeq", unread.LastReadSeq);
        w.WriteNumber("lastUnreadSeq", unread.LastUnreadSeq);
        w.WriteNumber("mentions", unread.Mentions);
    });
}
