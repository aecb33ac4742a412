namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A message row. <see cref="Conversation"/> is the Domain's conversation key; (Conversation, Seq) is unique.</summary>
public sealed class StoredMessage
{
    public required string MessageId { get; init; }

    public required string Conversation { get; init; }

    public long Seq { get; init; }

    /// <summary>The conversation's revision when the message was posted.</summary>
    public long Rev { get; init; }

    /// <summary>The revision of the message's latest change (<see cref="Rev"/> until it changes).</summary>
    public long Version { get; set; }

    public required string From { get; init; }

    public string? Room { get; init; }

    public string? To { get; init; }

    /// <summary>The current text; empty once deleted (the text is gone from storage).</summary>
    public required string Text { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public bool Deleted { get; set; }

    /// <summary>The root message of the thread this one replies to.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>How many replies a root has, kept up to date by the writer that stores them.</summary>
    public int ReplyCount { get; set; }

    public DateTimeOffset? LastReplyAt { get; set; }

    /// <summary>The mentioned users, as registered, as <c>|alice|bob|</c> (so "mentions bob" is a substring test); null for none.</summary>
    public string? Mentions { get; set; }

    public DateTimeOffset SentAt { get; init; }

    public string? ClientMsgId { get; init; }

    /// <summary>
    /// <see cref="ClientMsgId"/> while this row is its sender's latest use of it, else null. (From, IdempotencyKey)
    /// is unique, so two writers can never both store one send; a use after the idempotency window takes the key over.
    /// </summary>
    public string? IdempotencyKey { get; set; }
}
