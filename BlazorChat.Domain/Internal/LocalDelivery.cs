using System.Collections.Immutable;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// What reaches this node's connections, whichever node it came from: committed messages (as the reassembler's
/// audience), typing, memberships and read markers. Everything only enqueues, in rounds (<see cref="DeliveryRounds"/>);
/// nothing waits for a connection.
/// </summary>
internal sealed class LocalDelivery(SubscriberRegistry registry, TimeSpan maxRoundRest = default, TimeProvider? time = null) : IMessageAudience, IDisposable
{
    private readonly DeliveryRounds _rounds = new(maxRoundRest, time);

    public bool HasAudience(ConversationKey conversation) =>
        conversation.Room is { } room
            ? !registry.InRoom(room).IsEmpty
            : conversation.Value.AsSpan(3).IndexOf('|') is var bar and >= 0
                && (registry.IsOnline(conversation.Value[3..(3 + bar)]) || registry.IsOnline(conversation.Value[(4 + bar)..]));

    public void Deliver(ChatChange change)
    {
        var message = change.Message;
        var audience = message.Room is { } room ? registry.InRoom(room)
            : ChatNames.SameUser(message.From, message.To!) ? registry.OfUser(message.From)
            : registry.OfUser(message.To!).AddRange(registry.OfUser(message.From));
        Publish(audience, change.Kind == ChangeKind.Posted ? new MessagePosted(message) : new MessageChanged(change));
    }

    /// <summary>Tells the others in the room, or the recipient, that <paramref name="user"/> is typing.</summary>
    public void Typing(string user, string? room, string? to) =>
        Publish(room is not null ? registry.InRoom(room) : registry.OfUser(to!), new UserTyping(user, room, to), room is not null ? user : null);

    /// <summary>Makes this node's connections of <paramref name="user"/> members of the room (under the room's stream lock).</summary>
    public void Joined(string user, string room)
    {
        if (registry.Join(user, room))
        {
            Publish(registry.OfUser(user), new MembershipChanged(user, room, isMember: true));
        }
    }

    public void Left(string user, string room)
    {
        var connections = registry.OfUser(user);
        if (registry.Leave(user, room))
        {
            Publish(connections, new MembershipChanged(user, room, isMember: false));
        }
    }

    /// <summary>Tells the room's other members here that <paramref name="user"/> joined or left it.</summary>
    public void MemberChanged(string user, string room, bool isMember) =>
        Publish(registry.InRoom(room), new RoomMemberChanged(user, room, isMember), exceptUser: user);

    /// <summary>Tells every connection of the marker's user here.</summary>
    public void ReadMarker(ReadMarkerChanged read) => Publish(registry.OfUser(read.User), read);

    private void Publish(ImmutableArray<ChatConnection> audience, ChatEvent chatEvent, string? exceptUser = null) =>
        _rounds.Publish(audience, chatEvent, exceptUser);

    /// <summary>Ends the rounds' rests (shutdown): what is waiting is handed over at once.</summary>
    public void Dispose() => _rounds.Dispose();
}
