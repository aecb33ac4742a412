namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>One user's reaction with one emoji to one message; (MessageId, User, Emoji) is unique, <see cref="Id"/> orders them by first use.</summary>
public sealed class StoredReaction
{
    public long Id { get; init; }

    public required string MessageId { get; init; }

    public required string User { get; init; }

    public required string Emoji { get; init; }
}
