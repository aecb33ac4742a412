using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Events;

/// <summary>
/// The first event of every connection: who it is, its rooms, who is online and what it has not read yet
/// (the protocol's <c>hello</c>).
/// </summary>
public sealed class SessionStarted(
    string user, IReadOnlyList<string> rooms, IReadOnlyList<string> online, IReadOnlyList<UnreadCount>? unread = null) : ChatEvent
{
    /// <summary>The authenticated user, as registered.</summary>
    public string User { get; } = user;

    /// <summary>The user's rooms, <c>general</c> first.</summary>
    public IReadOnlyList<string> Rooms { get; } = rooms;

    /// <summary>Everyone online when the connection opened, the user included.</summary>
    public IReadOnlyList<string> Online { get; } = online;

    /// <summary>The conversations with unread messages when the connection opened, each with its count.</summary>
    public IReadOnlyList<UnreadCount> Unread { get; } = unread ?? [];
}
