using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Events;

/// <summary>A stored message was edited, deleted or reacted to; delivered to its conversation in <c>rev</c> order.</summary>
public sealed class MessageChanged(ChatChange change) : ChatEvent
{
    /// <summary>The change, with the message as it left it.</summary>
    public ChatChange Change { get; } = change;
}
