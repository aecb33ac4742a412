using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Backplane;

/// <summary>Something one node tells the others. <see cref="Node"/> is the node that published it.</summary>
public abstract record BackplaneNotice(string Node);

/// <summary>
/// Changes of one conversation (new messages, edits, deletes, reactions), committed, in rev order (usually one commit
/// batch), each with its message as the change left it.
/// </summary>
public sealed record ChangesCommitted(string Node, IReadOnlyList<ChatChange> Changes) : BackplaneNotice(Node);

/// <summary>A user is typing in a room or to one user.</summary>
public sealed record TypingNotice(string Node, string User, string? Room, string? To) : BackplaneNotice(Node);

/// <summary>A user's read marker moved (see <see cref="Events.ReadMarkerChanged"/>).</summary>
public sealed record ReadNotice(string Node, string User, string? Room, string? With, long Seq, int Unread, long CountedThrough)
    : BackplaneNotice(Node)
{
    /// <summary>How many of the unread messages mention the user.</summary>
    public int Mentions { get; init; }
}

/// <summary>A user joined or left a room.</summary>
public sealed record MembershipNotice(string Node, string User, string Room, bool IsMember) : BackplaneNotice(Node);

/// <summary>
/// Who is online on the publishing node. A heartbeat (<see cref="Full"/>) lists all of them, and a node not heard
/// from for <see cref="ChatOptions.NodeTimeout"/> is taken to be dead, its users offline; otherwise it lists what
/// changed since the node's previous notice.
/// </summary>
public sealed record PresenceNotice(string Node, bool Full, IReadOnlyList<string> Online, IReadOnlyList<string> Offline)
    : BackplaneNotice(Node);

/// <summary>A node started (or came back): every node answers with a full presence heartbeat at once.</summary>
public sealed record PresenceQuery(string Node) : BackplaneNotice(Node);

/// <summary>A sign-in session ended: every node ends the connections opened with it.</summary>
public sealed record SessionEndedNotice(string Node, string SessionId) : BackplaneNotice(Node);
