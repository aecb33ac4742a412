using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// A change of a message other than its posting (an edit, a delete, a reaction), at its <see cref="Rev"/> of the
/// conversation: with the messages' own revs they make the conversation's gap-free stream of changes. Only what the
/// change was is kept, never replaced text.
/// </summary>
public sealed class StoredChange
{
    public required string Conversation { get; init; }

    public long Rev { get; init; }

    public ChangeKind Kind { get; init; }

    public required string MessageId { get; init; }

    /// <summary>Who reacted, for a reaction.</summary>
    public string? User { get; init; }

    public string? Emoji { get; init; }

    public bool On { get; init; }
}
