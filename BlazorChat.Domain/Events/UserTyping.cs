namespace BlazorChat.Domain.Events;

/// <summary>A user is typing in a room (<see cref="Room"/>) or to one user (<see cref="To"/>). Never stored.</summary>
public sealed class UserTyping(string user, string? room, string? to) : ChatEvent
{
    /// <summary>Who is typing.</summary>
    public string User { get; } = user;

    /// <summary>The room, for room typing.</summary>
    public string? Room { get; } = room;

    /// <summary>The recipient, for typing in a direct conversation.</summary>
    public string? To { get; } = to;
}
