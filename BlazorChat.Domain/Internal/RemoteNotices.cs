using System.Threading.Channels;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// What the other nodes publish, applied here. Memberships take turns, as they need the store; after an outage
/// (this node's or another's) the memberships of everyone online here are compared with the store, as joins and
/// leaves elsewhere may have gone unheard.
/// </summary>
internal sealed class RemoteNotices : IBackplaneReceiver, IAsyncDisposable
{
    private readonly Reassembler _streams;
    private readonly LocalDelivery _local;
    private readonly SubscriberRegistry _registry;
    private readonly PresenceBoard _presence;
    private readonly BackplaneOutbox _outbox;
    private readonly Action<string> _sessionEnded;
    private readonly IMembershipStore _store;
    private readonly ChatMetrics _metrics;
    // A notice to apply, a user (string) whose rooms to compare with the store, or null: everyone's.
    private readonly Channel<object?> _memberships = Channel.CreateUnbounded<object?>(new() { SingleReader = true });
    private readonly Task _membershipLoop;

    public RemoteNotices(
        Reassembler streams,
        LocalDelivery local,
        SubscriberRegistry registry,
        PresenceBoard presence,
        BackplaneOutbox outbox,
        IMembershipStore store,
        Action<string> sessionEnded,
        ChatMetrics metrics)
    {
        (_streams, _local, _registry, _presence, _outbox, _store, _sessionEnded) = (streams, local, registry, presence, outbox, store, sessionEnded);
        _metrics = metrics;
        _membershipLoop = Task.Run(ApplyMembershipsAsync);
    }

    public void Receive(BackplaneNotice notice)
    {
        _metrics.Received();
        switch (notice)
        {
            case ChangesCommitted committed:
                foreach (var change in committed.Changes)
                {
                    _ = _streams.Offer(change);
                }

                break;
            case TypingNotice typing:
                _local.Typing(typing.User, typing.Room, typing.To);
                break;
            case ReadNotice read:
                _local.ReadMarker(new ReadMarkerChanged(read.User, read.Room, read.With, read.Seq, read.Unread, read.CountedThrough, read.Mentions));
                break;
            case MembershipNotice membership:
                _local.MemberChanged(membership.User, membership.Room, membership.IsMember);
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
                _memberships.Writer.TryWrite(null);
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
        _memberships.Writer.TryWrite(null);
    }

    /// <summary>
    /// Compares the rooms of a user who just came online here with the store: a join or leave elsewhere while their
    /// first connection was reading its rooms was not applied to it.
    /// </summary>
    public void Reconcile(string user) => _memberships.Writer.TryWrite(user);

    public async ValueTask DisposeAsync()
    {
        _memberships.Writer.TryComplete();
        await _membershipLoop.ConfigureAwait(false);
    }

    private async Task ApplyMembershipsAsync()
    {
        await foreach (var notice in _memberships.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await (notice switch
                {
                    MembershipNotice membership => ApplyAsync(membership),
                    string user => ReconcileAsync(user),
                    _ => ReconcileEveryoneAsync(),
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The store is failing: the next outage's reconciliation, or the user's next connection, puts it right.
            }
        }
    }

    private async Task ApplyAsync(MembershipNotice notice)
    {
        if (_registry.IsOnline(notice.User))
        {
            await ApplyFromStoreAsync(notice.User, notice.Room).ConfigureAwait(false);
        }

        // else nobody here to tell; their next connection reads memberships from the store
    }

    /// <summary>Brings the rooms of everyone online here in line with the store.</summary>
    private async Task ReconcileEveryoneAsync()
    {
        foreach (var user in _registry.Online)
        {
            await ReconcileAsync(user).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(string user)
    {
        // What is here first, the store second: a join or leave between the two reads shows as a difference, which is
        // then checked again — never as a difference with a store read from before it.
        if (_registry.RoomsOf(user) is not { } here)
        {
            return;
        }

        var stored = (await _store.GetRoomsAsync(user).ConfigureAwait(false)).Where(r => r != ChatNames.General);
        foreach (var room in stored.Except(here, StringComparer.Ordinal).Concat(here.Except(stored, StringComparer.Ordinal)).ToList())
        {
            await ApplyFromStoreAsync(user, room).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the user a member here, or not, as the store says now. A notice or a difference only says where to look:
    /// one that arrives late (after a leave that followed it) must not undo what came after it.
    /// </summary>
    private async Task ApplyFromStoreAsync(string user, string room)
    {
        if (await _store.IsMemberAsync(user, room).ConfigureAwait(false))
        {
            await JoinHereAsync(user, room).ConfigureAwait(false);
        }
        else
        {
            _local.Left(user, room);
        }
    }

    private async Task JoinHereAsync(string user, string room)
    {
        try
        {
            await _streams.AddAudienceAsync(ConversationKey.ForRoom(room), () => _local.Joined(user, room), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store could not say where the room stands: join all the same; the stream catches up at the next sweep.
            _local.Joined(user, room);
        }
    }
}
