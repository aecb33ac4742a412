namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A message row. <see cref="Conversation"/> is the Domain's conversation key; (Conversation, Seq) is unique.</summary>
public sealed class StoredMessage
{
    public required string MessageId { get; init; }

    public required string Conversation { get; init; }

    public long Seq { get; init; }

    public required string From { get; init; }

    public string? Room { get; init; }

    public string? To { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset SentAt { get; init; }

    public string? ClientMsgId { get; init; }
}
