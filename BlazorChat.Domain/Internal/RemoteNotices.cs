using System.Threading.Channels;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>What the other nodes publish, applied here. Memberships take turns, as they need the store.</summary>
internal sealed class RemoteNotices : IBackplaneReceiver, IAsyncDisposable
{
    private readonly Reassembler _streams;
    private readonly LocalDelivery _local;
    private readonly SubscriberRegistry _registry;
    private readonly PresenceBoard _presence;
    private readonly BackplaneOutbox _outbox;
    private readonly Action<string> _sessionEnded;
    private readonly Channel<MembershipNotice> _memberships = Channel.CreateUnbounded<MembershipNotice>(new() { SingleReader = true });
    private readonly Task _membershipLoop;

    public RemoteNotices(
        Reassembler streams, LocalDelivery local, SubscriberRegistry registry, PresenceBoard presence, BackplaneOutbox outbox, Action<string> sessionEnded)
    {
        (_streams, _local, _registry, _presence, _outbox, _sessionEnded) = (streams, local, registry, presence, outbox, sessionEnded);
        _membershipLoop = Task.Run(ApplyMembershipsAsync);
    }

    public void Receive(BackplaneNotice notice)
    {
        switch (notice)
        {
            case MessagesCommitted committed:
                foreach (var message in committed.Messages)
                {
                    _ = _streams.Offer(message);
                }

                break;
            case TypingNotice typing:
                _local.Typing(typing.User, typing.Room, typing.To);
                break;
            case ReadNotice read:
                _local.ReadMarker(new ReadMarkerChanged(read.User, read.Room, read.With, read.Seq, read.Unread, read.CountedThrough));
                break;
            case MembershipNotice membership:
                _memberships.Writer.TryWrite(membership);
                break;
            case PresenceNotice presence:
                _presence.Apply(presence);
                break;
            case PresenceQuery:
                // A node started or came back: what it committed while cut off was announced to nobody, so read it now
                // rather than at the next sweep.
                _presence.Announce();
                _ = _streams.SweepAsync();
                break;
            case SessionEndedNotice ended:
                _sessionEnded(ended.SessionId);
                break;
        }
    }

    public void Reconnected()
    {
        // Notices were lost meanwhile: deliver from the store what nobody announced, and trade presence again.
        _ = _streams.SweepAsync();
        _presence.Announce();
        _outbox.Post(new PresenceQuery(_outbox.Node));
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
            if (!_registry.IsOnline(notice.User))
            {
                continue; // nobody here to tell; their next connection reads memberships from the store
            }

            if (!notice.IsMember)
            {
                _local.Left(notice.User, notice.Room);
                continue;
            }

            try
            {
                await _streams.RegisterAsync(
                    ConversationKey.ForRoom(notice.Room), () => _local.Joined(notice.User, notice.Room), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The store is failing: join without it; the stream catches up at the next sweep.
                _local.Joined(notice.User, notice.Room);
            }
        }
    }
}
