namespace BlazorChat.LoadGen;

/// <summary>A room or a user to send to, and how the two are named in a conversation key.</summary>
internal sealed record SendTarget(string? RoomName, string? UserName)
{
    public static SendTarget Room(string room) => new(room, null);

    public static SendTarget User(string user) => new(null, user);

    /// <summary>The conversation a message from <paramref name="sender"/> to this target belongs to (its seq counter).</summary>
    public string ConversationFrom(string sender) => ConversationKey(RoomName, sender, UserName);

    /// <summary>A room's key, or the key of the direct conversation of two users (the same in both directions).</summary>
    public static string ConversationKey(string? room, string from, string? to) =>
        room is not null ? "#" + room
        : string.CompareOrdinal(from, to) < 0 ? $"@{from}|{to}" : $"@{to}|{from}";
}
