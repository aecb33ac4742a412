namespace BlazorChat.Domain.Messages;

/// <summary>
/// A change to a stored message, to be committed as the next <c>rev</c> of its conversation. The store checks what
/// only it can decide at commit time — the message exists in <see cref="Conversation"/>, is not deleted, the author
/// is <see cref="User"/> for an edit or delete, at most <see cref="MaxEmojiPerMessage"/> distinct emoji — so two
/// changes racing (an edit and a delete, on two nodes) are decided by commit order.
/// </summary>
/// <param name="Kind"><see cref="ChangeKind.Edited"/>, <see cref="ChangeKind.Deleted"/> or <see cref="ChangeKind.Reacted"/>.</param>
/// <param name="MessageId">The message changed.</param>
/// <param name="Conversation">The conversation the caller reads it in.</param>
/// <param name="User">Who asks: the author for an edit or delete, the reacting user for a reaction.</param>
/// <param name="At">When, set by the server.</param>
public sealed record MessageChangeRequest(ChangeKind Kind, string MessageId, ConversationKey Conversation, string User, DateTimeOffset At)
{
    /// <summary>The most distinct emoji one message may carry.</summary>
    public const int MaxEmojiPerMessage = 20;

    /// <summary>The new text, for an edit.</summary>
    public string? Text { get; init; }

    /// <summary>The users the new text mentions, for an edit.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    /// <summary>The emoji, for a reaction.</summary>
    public string? Emoji { get; init; }

    /// <summary>Adds (true) or removes the reaction.</summary>
    public bool On { get; init; }
}

/// <summary>How the store decided a <see cref="MessageChangeRequest"/>.</summary>
public enum ChangeStatus
{
    /// <summary>Committed as <see cref="ChangeOutcome.Change"/>.</summary>
    Applied,

    /// <summary>Nothing to do: the reaction was already there (or already gone). No rev was taken.</summary>
    Unchanged,

    /// <summary>No such message in the conversation, or it is deleted.</summary>
    NotFound,

    /// <summary>Only the author may edit or delete it.</summary>
    Forbidden,

    /// <summary>The message already carries <see cref="MessageChangeRequest.MaxEmojiPerMessage"/> distinct emoji.</summary>
    TooManyEmoji,
}

/// <summary>The store's answer to a <see cref="MessageChangeRequest"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Change">The committed change, when <see cref="ChangeStatus.Applied"/>.</param>
public sealed record ChangeOutcome(ChangeStatus Status, ChatChange? Change = null);
