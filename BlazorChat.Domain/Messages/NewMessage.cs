namespace BlazorChat.Domain.Messages;

/// <summary>A message about to be stored: everything but the <c>seq</c>, which the store assigns.</summary>
public sealed record NewMessage(
    string MessageId,
    ConversationKey Conversation,
    string From,
    string? Room,
    string? To,
    string Text,
    DateTimeOffset SentAt,
    string? ClientMsgId)
{
    /// <summary>The root of the thread it replies to (always a root), or null.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The users the text mentions, as registered.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];
}
