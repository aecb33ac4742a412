using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Events;

/// <summary>A message was stored and is delivered to its conversation.</summary>
public sealed class MessagePosted(ChatMessage message) : ChatEvent
{
    /// <summary>The stored message.</summary>
    public ChatMessage Message { get; } = message;
}
