using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>Who a composer offers to mention: the people who can read the conversation.</summary>
public static class MentionCandidates
{
    /// <summary>
    /// The two participants of a direct conversation; for a room, every registered user — exactly the readers of
    /// <c>general</c>. For other rooms this is more than their members until the service lists a room's members (the
    /// server counts only a member's name as a mention, so offering a non-member misleads, but harms nothing).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ForAsync(
        IChatRoomService chat, string me, ChatTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(target);
        if (target.User is { } peer)
        {
            return [peer, me];
        }

        return await chat.GetPeopleAsync(cancellationToken);
    }
}
