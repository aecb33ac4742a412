namespace BlazorChat.Domain.Messages;

/// <summary>One emoji on a message: who reacted with it, in the order they did.</summary>
/// <param name="Emoji">The emoji, as sent.</param>
/// <param name="Users">The users who reacted with it (as registered), earliest first.</param>
public sealed record ReactionSummary(string Emoji, IReadOnlyList<string> Users)
{
    /// <summary>How many users reacted with it.</summary>
    public int Count => Users.Count;

    /// <summary>Equal emoji and users, in order.</summary>
    public bool Equals(ReactionSummary? other) => other is not null && Emoji == other.Emoji && Users.SequenceEqual(other.Users);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Emoji, Users.Count);
}
