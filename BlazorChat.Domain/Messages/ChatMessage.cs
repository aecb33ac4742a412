namespace BlazorChat.Domain.Messages;

/// <summary>A stored message. <see cref="Room"/> is set for a room message, <see cref="To"/> for a direct one.</summary>
/// <param name="MessageId">Unique across the server.</param>
/// <param name="Conversation">The conversation whose <see cref="Seq"/> this is.</param>
/// <param name="Seq">1, 2, 3… within the conversation, without gaps.</param>
/// <param name="From">The authenticated sender.</param>
/// <param name="Room">The room, or null for a direct message.</param>
/// <param name="To">The recipient of a direct message, or null for a room message.</param>
/// <param name="Text">Exactly as sent; never HTML.</param>
/// <param name="SentAt">Set by the server, UTC.</param>
/// <param name="ClientMsgId">The sender's own id for the message, if it gave one.</param>
/// <remarks>
/// The positional part is what v1 knew; the properties after it are a message's current state in v2: its
/// <see cref="Rev"/> and <see cref="Version"/>, edits, deletion, reactions, replies and mentions.
/// </remarks>
public sealed record ChatMessage(
    string MessageId,
    ConversationKey Conversation,
    long Seq,
    string From,
    string? Room,
    string? To,
    string Text,
    DateTimeOffset SentAt,
    string? ClientMsgId)
{
    /// <summary>The conversation's <c>rev</c> when the message was posted.</summary>
    public long Rev { get; init; }

    /// <summary>The <c>rev</c> of the message's latest change: <see cref="Rev"/> until it changes.</summary>
    public long Version { get; init; }

    /// <summary>When the text was last edited; null when never.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Whether the author deleted it: then <see cref="ChatMessage.Text"/> is empty and it has no reactions or mentions.</summary>
    public bool Deleted { get; init; }

    /// <summary>The root message of the thread this message replies to; null when it is not a reply.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The users the text mentions (as registered), computed by the server from readers of the conversation.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    /// <summary>Its reactions, ordered by first use.</summary>
    public IReadOnlyList<ReactionSummary> Reactions { get; init; } = [];

    /// <summary>How many replies the message has (a root only).</summary>
    public int ReplyCount { get; init; }

    /// <summary>When its latest reply was sent; null when it has none.</summary>
    public DateTimeOffset? LastReplyAt { get; init; }

    /// <summary>Equal in every field, the lists item by item.</summary>
    public bool Equals(ChatMessage? other) =>
        other is not null
        && (MessageId, Conversation, Seq, From, Room, To, Text, SentAt, ClientMsgId, Rev, Version, EditedAt, Deleted, ReplyTo, ReplyCount, LastReplyAt)
            == (other.MessageId, other.Conversation, other.Seq, other.From, other.Room, other.To, other.Text, other.SentAt, other.ClientMsgId,
                other.Rev, other.Version, other.EditedAt, other.Deleted, other.ReplyTo, other.ReplyCount, other.LastReplyAt)
        && Mentions.SequenceEqual(other.Mentions)
        && Reactions.SequenceEqual(other.Reactions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MessageId, Conversation, Seq, Version);

    /// <summary>Whether the text mentions <paramref name="user"/>.</summary>
    public bool Mentioned(string user) => Mentions.Any(m => ChatNames.SameUser(m, user));

    /// <summary>The other participant of a direct message as seen by <paramref name="user"/>; null for room messages.</summary>
    public string? PeerOf(string user) => Room is not null ? null : ChatNames.SameUser(From, user) ? To : From;
}
