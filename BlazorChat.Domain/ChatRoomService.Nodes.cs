using System.Threading.Channels;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

// One node among several: starting, what the other nodes say, and what reaches this node's connections.
public sealed partial class ChatRoomService
{
    private readonly Lock _startGate = new();
    private Task? _start;
    private bool _subscribed;

    /// <inheritdoc />
    public void EndSession(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _outbox.Post(new SessionEndedNotice(_outbox.Node, sessionId));
        SessionEnded?.Invoke(sessionId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _streams.Dispose();
        await _presence.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _remote.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the node, so it hears the others before its first connection (otherwise the first call starts it):
    /// subscribe to the backplane, then read where every conversation stands — in that order, so nothing committed
    /// in between is missed — then ask who is online elsewhere. A failed start is tried again by the next call.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => EnsureStartedAsync(cancellationToken);

    private Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        Task start;
        lock (_startGate)
        {
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartNodeAsync();
            }

            start = _start;
        }

        return start.IsCompletedSuccessfully ? Task.CompletedTask : start.WaitAsync(cancellationToken);
    }

    private async Task StartNodeAsync()
    {
        if (!_subscribed)
        {
            await _backplane.SubscribeAsync(_remote).ConfigureAwait(false);
            _subscribed = true;
        }

        await _streams.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        _outbox.Post(new PresenceQuery(_outbox.Node));
    }

    private void DeliverTyping(string user, string? room, string? to) =>
        Publish(room is not null ? Others(_registry.InRoom(room), user) : _registry.OfUser(to!), new UserTyping(user, room, to));

    /// <summary>Makes this node's connections of <paramref name="user"/> members of the room; under the room's stream lock.</summary>
    private void JoinHere(string user, string room)
    {
        _registry.Join(user, room);
        Publish(_registry.OfUser(user), new MembershipChanged(user, room, isMember: true));
    }

    private void LeaveHere(string user, string room)
    {
        var connections = _registry.OfUser(user);
        _registry.Leave(user, room);
        Publish(connections, new MembershipChanged(user, room, isMember: false));
    }

    /// <summary>The connections here that receive a conversation's _messages.</summary>
    private sealed class LocalAudience(SubscriberRegistry registry) : IMessageAudience
    {
        public bool HasAudience(ConversationKey conversation) =>
            conversation.Room is { } room
                ? !registry.InRoom(room).IsEmpty
                : conversation.Value.AsSpan(3).IndexOf('|') is var bar and >= 0
                    && (registry.IsOnline(conversation.Value[3..(3 + bar)]) || registry.IsOnline(conversation.Value[(4 + bar)..]));

        public void Deliver(ChatMessage message)
        {
            var audience = message.Room is { } room ? registry.InRoom(room)
                : ChatNames.SameUser(message.From, message.To!) ? registry.OfUser(message.From)
                : registry.OfUser(message.To!).AddRange(registry.OfUser(message.From));
            Publish(audience, new MessagePosted(message));
        }
    }

    /// <summary>What the other nodes publish, applied here. Memberships take turns, as they need the store.</summary>
    private sealed class RemoteNotices : IBackplaneReceiver, IAsyncDisposable
    {
        private readonly ChatRoomService _chat;
        private readonly Channel<MembershipNotice> _memberships = Channel.CreateUnbounded<MembershipNotice>(new() { SingleReader = true });
        private readonly Task _membershipLoop;

        public RemoteNotices(ChatRoomService chat)
        {
            _chat = chat;
            _membershipLoop = Task.Run(ApplyMembershipsAsync);
        }

        public void Receive(BackplaneNotice notice)
        {
            switch (notice)
            {
                case MessagesCommitted committed:
                    foreach (var message in committed.Messages)
                    {
                        _ = _chat._streams.Offer(message);
                    }

                    break;
                case TypingNotice typing:
                    _chat.DeliverTyping(typing.User, typing.Room, typing.To);
                    break;
                case ReadNotice read:
                    Publish(_chat._registry.OfUser(read.User), new ReadMarkerChanged(read.User, read.Room, read.With, read.Seq, read.Unread, read.CountedThrough));
                    break;
                case MembershipNotice membership:
                    _memberships.Writer.TryWrite(membership);
                    break;
                case PresenceNotice presence:
                    _chat._presence.Apply(presence);
                    break;
                case PresenceQuery:
                    _chat._presence.Announce();
                    break;
                case SessionEndedNotice ended:
                    _chat.SessionEnded?.Invoke(ended.SessionId);
                    break;
            }
        }

        public void Reconnected()
        {
            // Notices were lost meanwhile: deliver from the store what nobody announced, and trade presence again.
            _ = _chat._streams.SweepAsync();
            _chat._presence.Announce();
            _chat._outbox.Post(new PresenceQuery(_chat._outbox.Node));
        }

        public async ValueTask DisposeAsync()
        {
            _memberships.Writer.TryComplete();
            await _membershipLoop.ConfigureAwait(false);
        }

        private async Task ApplyMembershipsAsync()
        {
            await foreach (var notice in _memberships.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (!_chat._registry.IsOnline(notice.User))
                {
                    continue; // nobody here to tell; their next connection reads memberships from the store
                }

                if (!notice.IsMember)
                {
                    _chat.LeaveHere(notice.User, notice.Room);
                    continue;
                }

                try
                {
                    await _chat._streams.RegisterAsync(
                        ConversationKey.ForRoom(notice.Room), () => _chat.JoinHere(notice.User, notice.Room), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The store is failing: join without it; the stream catches up at the next sweep.
                    _chat.JoinHere(notice.User, notice.Room);
                }
            }
        }
    }
}
