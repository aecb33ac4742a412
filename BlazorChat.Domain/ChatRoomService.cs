using System.Collections.Immutable;
using System.Text;
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
public sealed partial class ChatRoomService : IChatRoomService, IAsyncDisposable
{
    /// <summary>The longest page of history one read returns.</summary>
    internal const int MaxHistoryLimit = 100;
    private const int MaxRecoveryPage = 1000;
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDeliveryWait = TimeSpan.FromSeconds(5);

    private readonly IChatMessageStore _messages;
    private readonly IMembershipStore _memberships;
    private readonly IReadMarkerStore _readMarkers;
    private readonly IUserDirectory _users;
    private readonly ChatOptions _options;
    private readonly TimeProvider _time;
    private readonly IChatBackplane _backplane;
    private readonly SubscriberRegistry _registry = new();
    private readonly KeyedLocks _joinLocks = new();
    private readonly LocalDelivery _local;
    private readonly Reassembler _streams;
    private readonly BackplaneOutbox _outbox;
    private readonly PresenceBoard _presence;
    private readonly RemoteNotices _remote;
    private readonly TargetResolver _targets;
    private readonly MentionFinder _mentions;
    private readonly MessageChanges _changes;
    private readonly RoomAndPeopleSearch _directory;
    private readonly ReadMarking _reads;
    private readonly JoinRecovery _recovery;
    private readonly TokenBucketLimiter _sendLimiter;
    private readonly TokenBucketLimiter _typingLimiter;
    private readonly ChatMetrics _metrics;

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
        (_messages, _memberships, _readMarkers, _users, _options, _time) = (messages, memberships, readMarkers, users, options, time);
        _backplane = backplane ?? new InMemoryChatBackplane();
        _metrics = metrics ?? ChatMetrics.Unobserved;
        _sendLimiter = new(time, options.SendBurst, options.SendsPerSecond);
        _typingLimiter = new(time, 1, 1 / TypingInterval.TotalSeconds);
        _local = new LocalDelivery(_registry);
        _streams = new Reassembler(messages, _local, options, time);
        _outbox = new BackplaneOutbox(_backplane, _metrics);
        _presence = new PresenceBoard(_registry, _outbox, options, time);
        _targets = new TargetResolver(_registry, memberships, users);
        _mentions = new MentionFinder(users, _targets.IsMemberAsync);
        _changes = new MessageChanges(messages, _mentions, _targets.IsMemberAsync, _sendLimiter, time, DeliverAsync, options.MaxTextChars, _metrics);
        _directory = new RoomAndPeopleSearch(memberships, readMarkers, users, _presence, _targets);
        _reads = new ReadMarking(messages, readMarkers, _targets, _local, _outbox);
        _recovery = new JoinRecovery(messages, options);
        _remote = new RemoteNotices(_streams, _local, _registry, _presence, _outbox, memberships, sid => SessionEnded?.Invoke(sid), _metrics);
        _metrics.Observe(() => _streams.Fills, () => _backplane.IsConnected);
    }

    /// <inheritdoc />
    public event Action<string>? SessionEnded;

    /// <inheritdoc />
    public IReadOnlyList<string> OnlineUsers => _presence.Online;

    /// <inheritdoc />
    public async Task<ChatConnection> ConnectAsync(
        string user,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(deliver);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var connection = new ChatConnection(user, _options.OutboundQueueCapacity, deliver, onEnded, Disconnect, _metrics.ForQueue());

        // One leaked token must not take the server's sockets: past the limit a connection never starts, and its owner
        // is told. Checked first so a refusal costs no query, and again as it is added, where it is decided.
        if (_registry.OfUser(user).Length >= _options.MaxConnectionsPerUser)
        {
            connection.Refuse();
            return connection;
        }

        var rooms = await GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public async Task<ChatResult<ChatMessage>> SendAsync(
        string sender, ChatTarget target, string? text, string? clientMsgId = null, string? replyTo = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (MessageText.Check(text, _options.MaxTextChars) is { } invalid)
        {
            return invalid;
        }

        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var resolved = await ResolveAsync(sender, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        if (_sendLimiter.TryTake(sender) is { } retryAfter)
        {
            _metrics.UserBudgetRefused();
            return new ChatError(ChatErrorCodes.RateLimited, "Too many messages; slow down.", retryAfter);
        }

        var (conversation, room, to) = resolved.Value!;
        string? root = null;
        if (replyTo is not null)
        {
            // A reply to a reply joins its root's thread: threads are one level deep.
            var answered = await _messages.GetMessageAsync(replyTo, cancellationToken).ConfigureAwait(false);
            if (answered is null || answered.Conversation != conversation)
            {
                return MessageChanges.NoSuchMessage();
            }

            root = answered.ReplyTo ?? answered.MessageId;
        }

        var attempt = new NewMessage(NewMessageId(), conversation, sender, room, to, text!, _time.GetUtcNow(), clientMsgId)
        {
            ReplyTo = root,
            Mentions = await _mentions.FindAsync(conversation, text!, cancellationToken).ConfigureAwait(false),
        };
        ChatMessage stored;
        try
        {
            // The store gives the message its place as it commits; any number of sends, on any node, share commits.
            stored = await (await _messages.EnqueueAsync(attempt, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not acknowledged: the sender keeps the text and can retry. Should it have been committed all the same
            // (the answer got lost), the reassembler delivers it once it notices, and a retry finds it.
            return new ChatError(ChatErrorCodes.Internal, "The message could not be stored; try again.");
        }

        if (stored.Conversation != conversation)
        {
            // The clientMsgId names a message to another conversation: this one was not stored, and saying "ok" with
            // the other one would lose it silently.
            return new ChatError(
                ChatErrorCodes.BadRequest, "That clientMsgId was already used for a message to another conversation; give every message its own.");
        }

        // A message ends its sender's typing there: the next keystroke is told at once.
        _typingLimiter.Reset(TypingKey(sender, conversation));

        // Handed to this node's delivery rounds before the sender hears "ok"; the other nodes hear of it from the backplane.
        if (stored.MessageId == attempt.MessageId)
        {
            _metrics.Committed(ChangeKind.Posted);
            await DeliverAsync(new ChatChange(ChangeKind.Posted, stored.Rev, stored), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A repeat: the original was delivered when it was stored — unless that commit's answer was lost.
            await AwaitDeliveryAsync(_streams.CatchUpAsync(conversation, stored.Rev, stored.Seq), cancellationToken).ConfigureAwait(false);
        }

        return ChatResult.Success(stored);
    }

    /// <inheritdoc />
    public async Task<ChatResult> TypingAsync(string user, ChatTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var resolved = await ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        // Typing is a hint: extra notices within a second are accepted and dropped, not refused.
        var (conversation, room, to) = resolved.Value!;
        if (_typingLimiter.TryTake(TypingKey(user, conversation)) is null)
        {
            _local.Typing(user, room, to);
            _outbox.Post(new TypingNotice(_outbox.Node, user, room, to));
        }

        return ChatResult.Ok;
    }

    /// <summary>
    /// A store that fails (the database is down) answers this request with <c>internal</c>: the caller can retry, and
    /// neither front end has to tell a store fault from a bug.
    /// </summary>
    private static async Task<TResult> StoreFaultIsInternalAsync<TResult>(
        Func<Task<TResult>> work, Func<ChatError, TResult> fail, string message)
        where TResult : ChatResult
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
        {
            return fail(new ChatError(ChatErrorCodes.Internal, message));
        }
    }

    private void Disconnect(ChatConnection connection)
    {
        if (_registry.Remove(connection))
        {
            _metrics.UserWentOffline();
            _presence.Changed(connection.User);
        }
    }

    private Task<ChatResult<(ConversationKey Conversation, string? Room, string? To)>> ResolveAsync(
        string user, ChatTarget target, CancellationToken cancellationToken) => _targets.ResolveAsync(user, target, cancellationToken);

    /// <summary>
    /// Waits until the message is delivered here (usually at once), but not for ever: it is committed, so a store that
    /// fails to give back what comes before it must not keep the sender from hearing "ok".
    /// </summary>
    private async Task AwaitDeliveryAsync(Task delivered, CancellationToken cancellationToken)
    {
        try
        {
            await delivered.WaitAsync(MaxDeliveryWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Delivered when the store answers again (the reassembler retries); acknowledged now.
        }
    }

    private static ChatResult<JoinResult> InvalidRoom(string? room) => TargetResolver.InvalidRoom(room);

    private static ChatResult<JoinResult> NotAMember(string room) => TargetResolver.NotAMember(room);

    /// <summary>Delivers a change of this node here, before its author hears "ok", and tells the other nodes.</summary>
    private async Task DeliverAsync(ChatChange change, CancellationToken cancellationToken)
    {
        var delivered = _streams.Offer(change);
        _outbox.Post(change);
        await AwaitDeliveryAsync(delivered, cancellationToken).ConfigureAwait(false);
    }

    private static string TypingKey(string user, ConversationKey conversation) => $"{user}\n{conversation.Value}";

    private static string NewMessageId() => Guid.CreateVersion7().ToString("N");
}
