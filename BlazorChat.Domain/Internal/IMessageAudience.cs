using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>Who receives a conversation's changes on this node.</summary>
internal interface IMessageAudience
{
    /// <summary>Whether anyone here subscribes to the conversation.</summary>
    bool HasAudience(ConversationKey conversation);

    /// <summary>Queues the change for everyone here who subscribes to its conversation; never waits.</summary>
    void Deliver(ChatChange change);
}
