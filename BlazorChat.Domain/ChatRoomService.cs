using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Domain;

/// <summary>
/// The singleton behind every front end: it validates requests, stores messages through
/// <see cref="IChatMessageStore"/> and fans events out to the subscribers of a room (broadcast) or of one user
/// (direct). Fan-out only enqueues into each subscriber's bounded queue; it never waits for a subscriber.
/// </summary>
/// <remarks>
/// A facade: it builds the node's collaborators (in <c>Internal/</c>) and hands each request to the one it concerns.
/// </remarks>
public sealed class ChatRoomService : IChatRoomService, IAsyncDisposable
{
    private readonly SubscriberRegistry _registry = new();
    private readonly Reassembler _streams;
    private readonly LocalDelivery _local;
    private readonly BackplaneOutbox _outbox;
    private readonly PresenceBoard _presence;
    private readonly RemoteNotices _remote;
    private readonly NodeStart _start;
    private readonly ConnectionAdmission _connections;
    private readonly MessagePosting _posting;
    private readonly TypingHints _typing;
    private readonly MessageChanges _changes;
    private readonly RoomMembership _rooms;
    private readonly RoomAndPeopleSearch _directory;
    private readonly HistoryPages _history;
    private readonly ReadMarking _reads;

    /// <summary>
    /// A node of the chat: alone (<paramref name="backplane"/> omitted or in-memory) or one of several; its instruments
    /// in <paramref name="metrics"/> (omitted: nobody can collect them).
    /// </summary>
    public ChatRoomService(
        IChatMessageStore messages,
        IMembershipStore memberships,
        IReadMarkerStore readMarkers,
        IUserDirectory users,
        ChatOptions options,
        TimeProvider time,
        IChatBackplane? backplane = null,
        ChatMetrics? metrics = null)
    {
        backplane ??= new InMemoryChatBackplane();
        metrics ??= ChatMetrics.Unobserved;

        // Edits, deletes and reactions spend the same budget as new messages.
        var sendLimiter = new TokenBucketLimiter(time, options.SendBurst, options.SendsPerSecond);
        var local = _local = new LocalDelivery(_registry, options.MaxDeliveryRoundRest, time);
        _streams = new Reassembler(messages, local, options, time);
        _outbox = new BackplaneOutbox(backplane, metrics);
        _presence = new PresenceBoard(_registry, _outbox, options, time);
        var targets = new TargetResolver(_registry, memberships, users);
        var mentions = new MentionFinder(users, targets.IsMemberAsync);
        var delivery = new ChangeDelivery(_streams, _outbox, time);
        _changes = new MessageChanges(messages, mentions, targets.IsMemberAsync, sendLimiter, time, delivery.DeliverAsync, options.MaxTextChars, metrics);
        _directory = new RoomAndPeopleSearch(memberships, readMarkers, users, _presence, targets);
        _reads = new ReadMarking(messages, readMarkers, targets, local, _outbox);
        _remote = new RemoteNotices(_streams, local, _registry, _presence, _outbox, memberships, sid => SessionEnded?.Invoke(sid), metrics);
        _start = new NodeStart(backplane, _remote, _streams, _outbox);
        _connections = new ConnectionAdmission(_registry, _presence, _reads, _remote, _directory, _start, options, metrics);
        _typing = new TypingHints(targets, local, _outbox, time);
        _posting = new MessagePosting(messages, targets, mentions, sendLimiter, _typing, delivery, _start, time, options.MaxTextChars, metrics);
        _rooms = new RoomMembership(memberships, readMarkers, _streams, local, _outbox, new JoinRecovery(messages, options), _start, options);
        _history = new HistoryPages(messages, targets);
        metrics.Observe(() => _streams.Fills, () => backplane.IsConnected);
    }

    /// <inheritdoc />
    public event Action<string>? SessionEnded;

    /// <inheritdoc />
    public IReadOnlyList<string> OnlineUsers => _presence.Online;

    /// <summary>Notices not yet handed to the backplane (for tests).</summary>
    internal int OutboxBacklog => _outbox.Backlog;

    /// <summary>
    /// Starts the node, so it hears the others before its first connection (otherwise the first call starts it):
    /// subscribe to the backplane, then read where every conversation stands — in that order, so nothing committed
    /// in between is missed — then ask who is online elsewhere. A failed start is tried again by the next call.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => _start.EnsureAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ChatConnection> ConnectAsync(
        string user,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded = null,
        CancellationToken cancellationToken = default) =>
        _connections.ConnectAsync(user, deliver, onEnded, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatMessage>> SendAsync(
        string sender, ChatTarget target, string? text, string? clientMsgId = null, string? replyTo = null,
        CancellationToken cancellationToken = default) =>
        _posting.SendAsync(sender, target, text, clientMsgId, replyTo, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult> TypingAsync(string user, ChatTarget target, CancellationToken cancellationToken = default) =>
        _typing.TypingAsync(user, target, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatChange>> EditAsync(string user, string? messageId, string? text, CancellationToken cancellationToken = default) =>
        _changes.EditAsync(user, messageId, text, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatChange>> DeleteAsync(string user, string? messageId, CancellationToken cancellationToken = default) =>
        _changes.DeleteAsync(user, messageId, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatChange?>> ReactAsync(
        string user, string? messageId, string? emoji, bool on, CancellationToken cancellationToken = default) =>
        _changes.ReactAsync(user, messageId, emoji, on, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ThreadResult>> GetThreadAsync(
        string user, string? messageId, long? afterSeq = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _changes.GetThreadAsync(user, messageId, afterSeq, limit, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<JoinResult>> JoinAsync(
        string user, string? room, long? afterSeq = null, int? pageSize = null, long? afterRev = null,
        CancellationToken cancellationToken = default) =>
        _rooms.JoinAsync(user, room, afterSeq, pageSize, afterRev, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult> LeaveAsync(string user, string? room, CancellationToken cancellationToken = default) =>
        _rooms.LeaveAsync(user, room, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAfterAsync(
        string user, ChatTarget target, long afterSeq, int limit = 50, CancellationToken cancellationToken = default) =>
        _history.AfterAsync(user, target, afterSeq, limit, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAsync(
        string user, ChatTarget target, long? beforeSeq = null, int limit = 50, CancellationToken cancellationToken = default) =>
        _history.BeforeAsync(user, target, beforeSeq, limit, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<long>> MarkReadAsync(
        string user, ChatTarget target, long seq, CancellationToken cancellationToken = default) =>
        StoreFaults.AreInternalAsync(() => _reads.MarkReadAsync(user, target, seq, cancellationToken), e => e, "The read marker could not be stored; try again.");

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default) =>
        _directory.GetRoomsAsync(user, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default) =>
        _directory.GetAllRoomsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetPeopleAsync(CancellationToken cancellationToken = default) =>
        _directory.GetPeopleAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomSummary>> GetRoomDirectoryAsync(
        string? search = null, int limit = 50, CancellationToken cancellationToken = default) =>
        _directory.GetRoomDirectoryAsync(search, limit, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<RoomMembers>> GetRoomMembersAsync(
        string user, string room, int limit = 100, CancellationToken cancellationToken = default) =>
        _directory.GetRoomMembersAsync(user, room, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SearchPeopleAsync(string search, int limit = 20, CancellationToken cancellationToken = default) =>
        _directory.SearchPeopleAsync(search, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDirectPeersAsync(string user, CancellationToken cancellationToken = default) =>
        _directory.GetDirectPeersAsync(user, cancellationToken);

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
        _local.Dispose();
        await _presence.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _remote.DisposeAsync().ConfigureAwait(false);
    }
}
