namespace BlazorChat.Domain.Messages;

/// <summary>A conversation's head: its latest committed <c>seq</c> (messages) and <c>rev</c> (every change).</summary>
public readonly record struct ConversationSeq(ConversationKey Conversation, long LatestSeq, long LatestRev);
