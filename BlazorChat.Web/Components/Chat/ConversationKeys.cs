using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>Keys that name a conversation from the viewer's side: <c>#room</c> or <c>@peer</c>, case-insensitive.</summary>
public static class ConversationKeys
{
    /// <summary>Compares keys the way user names compare.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The key of a room.</summary>
    public static string Room(string room) => "#" + room;

    /// <summary>The key of the direct conversation with <paramref name="peer"/>.</summary>
    public static string Direct(string peer) => "@" + peer;

    /// <summary>The key of a target.</summary>
    public static string Of(ChatTarget target) => target.Room is { } room ? Room(room) : Direct(target.User!);

    /// <summary>The key of the conversation a message belongs to, as <paramref name="me"/> sees it.</summary>
    public static string Of(ChatMessage message, string me) =>
        message.Room is { } room ? Room(room) : Direct(message.PeerOf(me)!);
}
