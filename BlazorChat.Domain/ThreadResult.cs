using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

/// <summary>A thread: its root and a page of its replies, oldest first, each in its current state.</summary>
public sealed record ThreadResult(ChatMessage Root, IReadOnlyList<ChatMessage> Replies);
