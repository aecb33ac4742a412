namespace BlazorChat.Domain.Messages;

/// <summary>What a change did to a message.</summary>
public enum ChangeKind
{
    /// <summary>The message was posted: a new <c>seq</c> and <c>rev</c>.</summary>
    Posted,

    /// <summary>Its author replaced the text.</summary>
    Edited,

    /// <summary>Its author deleted it.</summary>
    Deleted,

    /// <summary>A user added or removed a reaction.</summary>
    Reacted,
}

/// <summary>
/// One durable change of a conversation, numbered by its <c>rev</c>: the unit a conversation's stream is delivered in.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Rev">The conversation's rev of this change.</param>
/// <param name="Message">
/// The message as this change left it (live), or as it is now (read back for recovery: no server keeps replaced text).
/// </param>
/// <param name="User">Who reacted, for <see cref="ChangeKind.Reacted"/>.</param>
/// <param name="Emoji">The emoji, for <see cref="ChangeKind.Reacted"/>.</param>
/// <param name="On">Whether the reaction was added (true) or removed, for <see cref="ChangeKind.Reacted"/>.</param>
public sealed record ChatChange(ChangeKind Kind, long Rev, ChatMessage Message, string? User = null, string? Emoji = null, bool On = false)
{
    /// <summary>The conversation changed.</summary>
    public ConversationKey Conversation => Message.Conversation;
}
