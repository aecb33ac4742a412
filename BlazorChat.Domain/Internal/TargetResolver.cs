using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Who may write where: checks a send's or a read's target — a room the user belongs to, or a registered user — and
/// gives its conversation. Shared by the service, its message changes and its mention lookup.
/// </summary>
internal sealed class TargetResolver(SubscriberRegistry registry, IMembershipStore memberships, IUserDirectory users)
{
    /// <summary>Checks a target and returns its conversation, room and canonical recipient.</summary>
    public async Task<ChatResult<(ConversationKey Conversation, string? Room, string? To)>> ResolveAsync(
        string user, ChatTarget target, CancellationToken cancellationToken)
    {
        if (target.Room is { } room)
        {
            if (!ChatNames.IsValidRoomName(room))
            {
                return InvalidRoom(room);
            }

            return await IsMemberAsync(user, room, cancellationToken).ConfigureAwait(false)
                ? ChatResult.Success<(ConversationKey, string?, string?)>((ConversationKey.ForRoom(room), room, null))
                : NotAMember(room);
        }

        if (string.IsNullOrEmpty(target.User) || !ChatNames.IsValidUserName(target.User))
        {
            return new ChatError(ChatErrorCodes.BadRequest, "Name a room or a valid user name.");
        }

        var to = await users.FindAsync(target.User, cancellationToken).ConfigureAwait(false);
        return to is null
            ? new ChatError(ChatErrorCodes.NoSuchUser, $"There is no user '{target.User}'.")
            : ChatResult.Success<(ConversationKey, string?, string?)>((ConversationKey.ForDirect(user, to), null, to));
    }

    /// <summary>
    /// Whether the user is a member of the room. The connections here know their rooms; a "no" is asked of the store,
    /// as a join on another node may not have been heard here yet.
    /// </summary>
    public async Task<bool> IsMemberAsync(string user, string room, CancellationToken cancellationToken) =>
        room == ChatNames.General
        || registry.IsMember(user, room) == true
        || await memberships.IsMemberAsync(user, room, cancellationToken).ConfigureAwait(false);

    public static ChatError InvalidRoom(string? room) =>
        new(ChatErrorCodes.BadRequest, room is { Length: <= 64 }
            ? $"'{room}' is not a room name: use 1–64 of a-z, 0-9, _ and -."
            : "That is not a room name: use 1–64 of a-z, 0-9, _ and -.");

    public static ChatError NotAMember(string room) =>
        new(ChatErrorCodes.NotAMember, $"Join '{room}' before sending to it.");
}
