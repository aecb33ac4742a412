using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Opening a connection — refused past <see cref="ChatOptions.MaxConnectionsPerUser"/>, otherwise registered in its
/// user's rooms with their unread counts — and taking it out again when it ends; a user's first connection here and
/// last one change who is online.
/// </summary>
internal sealed class ConnectionAdmission
{
    private readonly SubscriberRegistry _registry;
    private readonly PresenceBoard _presence;
    private readonly ReadMarking _reads;
    private readonly RemoteNotices _remote;
    private readonly RoomAndPeopleSearch _directory;
    private readonly NodeStart _start;
    private readonly ChatOptions _options;
    private readonly ChatMetrics _metrics;

    // One delegate for every connection, handed to each as its way out.
    private readonly Action<ChatConnection> _disconnect;

    public ConnectionAdmission(
        SubscriberRegistry registry, PresenceBoard presence, ReadMarking reads, RemoteNotices remote, RoomAndPeopleSearch directory,
        NodeStart start, ChatOptions options, ChatMetrics metrics)
    {
        (_registry, _presence, _reads, _remote, _directory, _start, _options, _metrics) =
            (registry, presence, reads, remote, directory, start, options, metrics);
        _disconnect = Disconnect;
    }

    public async Task<ChatConnection> ConnectAsync(
        string user,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(deliver);
        await _start.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = new ChatConnection(user, _options.OutboundQueueCapacity, deliver, onEnded, _disconnect, _metrics.ForQueue());

        // One leaked token must not take the server's sockets: past the limit a connection never starts, and its owner
        // is told. Checked first so a refusal costs no query, and again as it is added, where it is decided.
        if (_registry.OfUser(user).Length >= _options.MaxConnectionsPerUser)
        {
            connection.Refuse();
            return connection;
        }

        var rooms = await _directory.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
        var unread = await _reads.CountUnreadAsync(user, rooms, cancellationToken).ConfigureAwait(false);
        var added = _presence.Register(online =>
            _registry.Add(connection, rooms.Where(r => r != ChatNames.General).ToList(), unread, _options.MaxConnectionsPerUser, online));
        if (added == AddOutcome.LimitReached)
        {
            connection.Refuse();
            return connection;
        }

        connection.Start();
        if (added == AddOutcome.CameOnline)
        {
            _metrics.UserCameOnline();
            _presence.Changed(user);
            _remote.Reconcile(user);
        }

        return connection;
    }

    private void Disconnect(ChatConnection connection)
    {
        if (_registry.Remove(connection))
        {
            _metrics.UserWentOffline();
            _presence.Changed(connection.User);
        }
    }
}
