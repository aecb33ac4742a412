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
    /// <summary>The other participant of a direct message as seen by <paramref name="user"/>; null for room messages.</summary>
    public string? PeerOf(string user) => Room is not null ? null : ChatNames.SameUser(From, user) ? To : From;
}
