namespace BlazorChat.Domain.Events;

/// <summary>
/// The user's read marker of a conversation moved forward, told to all of that user's connections so every tab
/// clears what it counted as unread up to <see cref="Seq"/> and, after a partial read, knows what is still unread.
/// </summary>
public sealed class ReadMarkerChanged(string user, string? room, string? with, long seq, int unread = 0, long countedThrough = 0, int mentions = 0)
    : ChatEvent
{
    /// <summary>Whose marker moved.</summary>
    public string User { get; } = user;

    /// <summary>The room, for a room.</summary>
    public string? Room { get; } = room;

    /// <summary>The other participant, for a direct conversation.</summary>
    public string? With { get; } = with;

    /// <summary>The marker now: every message up to this seq is read.</summary>
    public long Seq { get; } = seq;

    /// <summary>How many messages from others after <see cref="Seq"/> are still unread, up to <see cref="CountedThrough"/>.</summary>
    public int Unread { get; } = unread;

    /// <summary>How many of the <see cref="Unread"/> messages mention <see cref="User"/>.</summary>
    public int Mentions { get; } = mentions;

    /// <summary>The conversation's latest seq when <see cref="Unread"/> was counted (at least <see cref="Seq"/>).</summary>
    public long CountedThrough { get; } = Math.Max(seq, countedThrough);
}
