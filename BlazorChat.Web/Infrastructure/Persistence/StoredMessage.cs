namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A message row. <see cref="Conversation"/> is the Domain's conversation key; (Conversation, Seq) is unique.</summary>
public sealed class StoredMessage
{
    public required string MessageId { get; init; }

    public required string Conversation { get; init; }

    public long Seq { get; init; }

    /// <summary>The conversation's revision at this message's last change; equal to <see cref="Seq"/> until messages can change.</summary>
    public long Rev { get; init; }

    public required string From { get; init; }

    public string? Room { get; init; }

    public string? To { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset SentAt { get; init; }

    public string? ClientMsgId { get; init; }

    /// <summary>
    /// <see cref="ClientMsgId"/> while this row is its sender's latest use of it, else null. (From, IdempotencyKey)
    /// is unique, so two writers can never both store one send; a use after the idempotency window takes the key over.
    /// </summary>
    public string? IdempotencyKey { get; set; }
}
