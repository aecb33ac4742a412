namespace BlazorChat.Domain.Events;

/// <summary>
/// The user joined or left a room, told to all of that user's connections so every tab shows the same rooms.
/// </summary>
public sealed class MembershipChanged(string user, string room, bool isMember) : ChatEvent
{
    /// <summary>Whose membership changed.</summary>
    public string User { get; } = user;

    /// <summary>The room.</summary>
    public string Room { get; } = room;

    /// <summary>True after a join, false after a leave.</summary>
    public bool IsMember { get; } = isMember;
}
