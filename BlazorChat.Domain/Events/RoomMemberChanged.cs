namespace BlazorChat.Domain.Events;

/// <summary>
/// Someone joined or left a room, told to the room's other members (the user's own connections get
/// <see cref="MembershipChanged"/>), so a room can show "alice joined". Never stored: only those connected hear it.
/// </summary>
public sealed class RoomMemberChanged(string user, string room, bool isMember) : ChatEvent
{
    /// <summary>Who joined or left, as registered.</summary>
    public string User { get; } = user;

    /// <summary>The room.</summary>
    public string Room { get; } = room;

    /// <summary>True after a join, false after a leave.</summary>
    public bool IsMember { get; } = isMember;
}
