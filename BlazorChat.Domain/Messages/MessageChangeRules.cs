namespace BlazorChat.Domain.Messages;

/// <summary>
/// What a change does to a message, for every store alike: decided against the message as committed, so the store
/// calls it where changes of the conversation take turns (its writer, under the conversation's lock).
/// </summary>
public static class MessageChangeRules
{
    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="current"/> (null: no such message) as <paramref name="rev"/>.
    /// Returns the outcome, with the message as the change leaves it when applied.
    /// </summary>
    public static ChangeOutcome Apply(ChatMessage? current, MessageChangeRequest change, long rev)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (current is null || current.Deleted || current.Conversation != change.Conversation)
        {
            return new ChangeOutcome(ChangeStatus.NotFound);
        }

        switch (change.Kind)
        {
            case ChangeKind.Edited:
                if (!ChatNames.SameUser(current.From, change.User))
                {
                    return new ChangeOutcome(ChangeStatus.Forbidden);
                }

                var edited = current with { Text = change.Text ?? "", Mentions = change.Mentions, EditedAt = change.At, Version = rev };
                return Applied(change, rev, edited);
            case ChangeKind.Deleted:
                if (!ChatNames.SameUser(current.From, change.User))
                {
                    return new ChangeOutcome(ChangeStatus.Forbidden);
                }

                var deleted = current with { Text = "", Deleted = true, Mentions = [], Reactions = [], Version = rev };
                return Applied(change, rev, deleted);
            case ChangeKind.Reacted:
                return React(current, change, rev);
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Only edits, deletes and reactions change a message.");
        }
    }

    private static ChangeOutcome React(ChatMessage current, MessageChangeRequest change, long rev)
    {
        var emoji = change.Emoji ?? throw new ArgumentException("A reaction needs its emoji.", nameof(change));
        var reactions = current.Reactions.ToList();
        var index = reactions.FindIndex(r => r.Emoji == emoji);
        var has = index >= 0 && reactions[index].Users.Any(u => ChatNames.SameUser(u, change.User));
        if (has == change.On)
        {
            return new ChangeOutcome(ChangeStatus.Unchanged);
        }

        if (change.On)
        {
            if (index < 0)
            {
                if (reactions.Count >= MessageChangeRequest.MaxEmojiPerMessage)
                {
                    return new ChangeOutcome(ChangeStatus.TooManyEmoji);
                }

                reactions.Add(new ReactionSummary(emoji, [change.User]));
            }
            else
            {
                reactions[index] = reactions[index] with { Users = [.. reactions[index].Users, change.User] };
            }
        }
        else
        {
            var users = reactions[index].Users.Where(u => !ChatNames.SameUser(u, change.User)).ToList();
            if (users.Count == 0)
            {
                reactions.RemoveAt(index);
            }
            else
            {
                reactions[index] = reactions[index] with { Users = users };
            }
        }

        return Applied(change, rev, current with { Reactions = reactions, Version = rev });
    }

    private static ChangeOutcome Applied(MessageChangeRequest change, long rev, ChatMessage after) =>
        new(ChangeStatus.Applied, new ChatChange(change.Kind, rev, after, change.Kind == ChangeKind.Reacted ? change.User : null, change.Emoji, change.On));
}
