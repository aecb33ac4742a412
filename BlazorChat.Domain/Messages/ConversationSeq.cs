namespace BlazorChat.Domain.Messages;

/// <summary>A conversation and its latest committed <c>seq</c>.</summary>
public readonly record struct ConversationSeq(ConversationKey Conversation, long LatestSeq);
