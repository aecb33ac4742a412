using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>Who a composer offers to mention: the people who can read the conversation.</summary>
public static class MentionCandidates
{
    /// <summary>The most members of a room offered (the service lists at most this many).</summary>
    public const int MaxRoomMembers = 200;

    /// <summary>
    /// The two participants of a direct conversation; a room's members (at most <see cref="MaxRoomMembers"/>, online
    /// first); for <c>general</c>, which everyone reads, every registered user.
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

        if (target.Room is { } room && room != ChatNames.General
            && (await chat.GetRoomMembersAsync(me, room, MaxRoomMembers, cancellationToken)).Value is { } members)
        {
            return [.. members.Members.Select(m => m.User)];
        }

        return await chat.GetPeopleAsync(cancellationToken);
    }
}
