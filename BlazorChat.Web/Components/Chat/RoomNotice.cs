namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// "alice joined" or "alice left", a muted line in the open room, shown after the message with seq
/// <see cref="AfterSeq"/> (0: before the first). Live only: they are not part of the room's history.
/// </summary>
public sealed record RoomNotice(long Id, string User, bool Joined, DateTimeOffset At, long AfterSeq)
{
    /// <summary>The line as shown.</summary>
    public string Text => Joined ? $"{User} joined" : $"{User} left";
}
