namespace BlazorChat.Domain.Messages;

/// <summary>
/// Identifies one conversation: a room, or the direct conversation of two users.
/// Each conversation has its own gap-free <c>seq</c>.
/// </summary>
public readonly record struct ConversationKey
{
    private ConversationKey(string value, string? room) => (Value, Room) = (value, room);

    /// <summary>A stable, case-normalised key, e.g. <c>room:general</c> or <c>dm:alice|bob</c>.</summary>
    public string Value { get; }

    /// <summary>The room name, or null for a direct conversation.</summary>
    public string? Room { get; }

    /// <summary>True for a direct conversation between two users.</summary>
    public bool IsDirect => Room is null;

    /// <summary>The key of a room's conversation.</summary>
    public static ConversationKey ForRoom(string room) => new("room:" + room, room);

    /// <summary>The key of the direct conversation of two users, the same whichever of them asks.</summary>
    public static ConversationKey ForDirect(string userA, string userB)
    {
        var a = userA.ToLowerInvariant();
        var b = userB.ToLowerInvariant();
        return string.CompareOrdinal(a, b) <= 0 ? new($"dm:{a}|{b}", null) : new($"dm:{b}|{a}", null);
    }

    /// <summary>Rebuilds a key from <see cref="Value"/>, as stored.</summary>
    public static ConversationKey Parse(string value) =>
        value.StartsWith("room:", StringComparison.Ordinal) ? ForRoom(value[5..])
        : value.StartsWith("dm:", StringComparison.Ordinal) ? new(value, null)
        : throw new FormatException($"'{value}' is not a conversation key.");

    /// <inheritdoc />
    public override string ToString() => Value;
}
