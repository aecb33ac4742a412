namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// One user's reaction with one emoji to one message; (MessageId, User, Emoji) is unique. <see cref="EmojiRev"/> orders a
/// message's emoji by first use (it stays while anyone still reacts with it), <see cref="Id"/> the users of one emoji.
/// </summary>
public sealed class StoredReaction
{
    public long Id { get; init; }

    public required string MessageId { get; init; }

    public required string User { get; init; }

    public required string Emoji { get; init; }

    /// <summary>The rev at which the emoji's first current reaction was added: its place among the message's emoji.</summary>
    public long EmojiRev { get; init; }
}
