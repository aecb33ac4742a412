namespace BlazorChat.Domain.Messages;

/// <summary>Where a request points: a room, or a direct conversation with one user.</summary>
public sealed record ChatTarget
{
    private ChatTarget(string? room, string? user) => (Room, User) = (room, user);

    /// <summary>The room, when the target is a room.</summary>
    public string? Room { get; }

    /// <summary>The other user, when the target is a direct conversation.</summary>
    public string? User { get; }

    /// <summary>Targets a room.</summary>
    public static ChatTarget ToRoom(string room) => new(room, null);

    /// <summary>Targets the direct conversation with <paramref name="user"/>.</summary>
    public static ChatTarget ToUser(string user) => new(null, user);

    /// <inheritdoc />
    public override string ToString() => Room is not null ? "#" + Room : "@" + User;
}
