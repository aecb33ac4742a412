namespace BlazorChat.Domain.Messages;

/// <summary>What one user has not read yet in one conversation.</summary>
/// <param name="Conversation">The conversation.</param>
/// <param name="Room">The room, for a room.</param>
/// <param name="With">The other participant, for a direct conversation.</param>
/// <param name="Count">How many messages from others came after <paramref name="LastReadSeq"/>; 0 for a room read to the end.</param>
/// <param name="LastReadSeq">The user's read marker (0 when there is none).</param>
/// <param name="LastUnreadSeq">The seq of the newest unread message (the marker, when nothing is unread).</param>
/// <param name="Mentions">How many of the unread messages mention the user.</param>
public sealed record UnreadCount(
    ConversationKey Conversation, string? Room, string? With, int Count, long LastReadSeq, long LastUnreadSeq, int Mentions = 0);
