using System.Collections.Immutable;
using System.Text;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

/// <summary>
/// The singleton behind every front end: it validates requests, stores messages through
/// <see cref="IChatMessageStore"/> and fans events out to the subscribers of a room (broadcast) or of one user
/// (direct). Fan-out only enqueues into each subscriber's bounded queue; it never waits for a subscriber.
/// </summary>
public sealed partial class ChatRoomService(
    IChatMessageStore messages,
    IMembershipStore memberships,
    IReadMarkerStore readMarkers,
    IUserDirectory users,
    ChatOptions options,
    TimeProvider time) : IChatRoomService
{
    private const int MaxHistoryLimit = 100;
    private const int MaxRecoveryPage = 1000;
    private const int MaxCountedUnread = 1000;
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);

    private readonly SubscriberRegistry _registry = new();
    private readonly KeyedLocks _conversationLocks = new();
    private readonly InOrderPublisher _publisher = new();
    private readonly UnconfirmedSends _unconfirmed = new();
    private readonly TokenBucketLimiter _sendLimiter = new(time, options.SendBurst, options.SendsPerSecond);
    private readonly TokenBucketLimiter _typingLimiter = new(time, 1, 1 / TypingInterval.TotalSeconds);

    /// <inheritdoc />
    public IReadOnlyList<string> OnlineUsers => _registry.Online;

    /// <inheritdoc />
    public async Task<ChatConnection> ConnectAsync(
        string user,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(deliver);
        var connection = new ChatConnection(user, options.OutboundQueueCapacity, deliver, onEnded, Disconnect);

        // One leaked token must not take the server's sockets: past the limit a connection never starts, and its owner
        // is told. Checked first so a refusal costs no query, and again as it is added, where it is decided.
        if (_registry.OfUser(user).Length >= options.MaxConnectionsPerUser)
        {
            connection.Refuse();
            return connection;
        }

        var rooms = await GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
        var unread = await CountUnreadAsync(user, rooms, cancellationToken).ConfigureAwait(false);
        var added = _registry.Add(connection, rooms.Where(r => r != ChatNames.General).ToList(), unread, options.MaxConnectionsPerUser);
        if (added == AddOutcome.LimitReached)
        {
            connection.Refuse();
            return connection;
        }

        connection.Start();
        if (added == AddOutcome.CameOnline)
        {
            Publish(Others(_registry.All, user), new PresenceChanged(user, online: true));
        }

        return connection;
    }

    /// <inheritdoc />
    public async Task<ChatResult<ChatMessage>> SendAsync(
        string sender, ChatTarget target, string? text, string? clientMsgId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ChatError(ChatErrorCodes.BadRequest, "A message needs some text.");
        }

        var length = CountCharacters(text);
        if (length > options.MaxTextChars)
        {
            return new ChatError(ChatErrorCodes.TooLarge, $"The text has {length} characters; the limit is {options.MaxTextChars}.");
        }

        var resolved = await ResolveAsync(sender, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        if (_sendLimiter.TryTake(sender) is { } retryAfter)
        {
            return new ChatError(ChatErrorCodes.RateLimited, "Too many messages; slow down.", retryAfter);
        }

        var (conversation, room, to) = resolved.Value!;

        // The conversation's lock is held only while the message takes its place in the store's queue; commits run
        // outside it, so a busy conversation shares transactions, and messages are published in seq order.
        var attempt = new NewMessage(NewMessageId(), conversation, sender, room, to, text, time.GetUtcNow(), clientMsgId);
        try
        {
            Task<ChatMessage> published;
            using (await _conversationLocks.AcquireAsync(conversation.Value, cancellationToken).ConfigureAwait(false))
            {
                var commit = await messages.EnqueueAsync(attempt, cancellationToken).ConfigureAwait(false);
                published = _publisher.Then(conversation.Value, commit, message =>
                {
                    // A repeated clientMsgId gets the original back, which was delivered when it was first sent —
                    // unless its commit's answer was lost.
                    if (message.MessageId == attempt.MessageId || _unconfirmed.StoredAfterAll(sender, clientMsgId, message.MessageId))
                    {
                        Publish(Audience(conversation, sender, room, to), new MessagePosted(message));
                    }
                });
            }

            return ChatResult.Success(await published.ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not acknowledged and not delivered: the sender keeps the text and can retry.
            if (clientMsgId is not null)
            {
                _unconfirmed.Failed(sender, clientMsgId, attempt.MessageId);
            }

            return new ChatError(ChatErrorCodes.Internal, "The message could not be stored; try again.");
        }
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
        if (_typingLimiter.TryTake($"{user}\n{conversation.Value}") is null)
        {
            var audience = room is not null ? Others(_registry.InRoom(room), user) : _registry.OfUser(to!);
            Publish(audience, new UserTyping(user, room, to));
        }

        return ChatResult.Ok;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default)
    {
        var rooms = await memberships.GetRoomsAsync(user, cancellationToken).ConfigureAwait(false);
        return [ChatNames.General, .. rooms.Where(r => r != ChatNames.General)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default)
    {
        var rooms = await memberships.GetAllRoomsAsync(cancellationToken).ConfigureAwait(false);
        return [ChatNames.General, .. rooms.Where(r => r != ChatNames.General)];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetPeopleAsync(CancellationToken cancellationToken = default) =>
        users.ListAsync(cancellationToken);

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
            Publish(_registry.All, new PresenceChanged(connection.User, online: false));
        }
    }

    /// <summary>Checks a target and returns its conversation, room and canonical recipient.</summary>
    private async Task<ChatResult<(ConversationKey Conversation, string? Room, string? To)>> ResolveAsync(
        string user, ChatTarget target, CancellationToken cancellationToken)
    {
        if (target.Room is { } room)
        {
            if (!ChatNames.IsValidRoomName(room))
            {
                return InvalidRoom(room).Error!;
            }

            var isMember = room == ChatNames.General
                || (_registry.IsMember(user, room) ?? await memberships.IsMemberAsync(user, room, cancellationToken).ConfigureAwait(false));
            return isMember
                ? ChatResult.Success<(ConversationKey, string?, string?)>((ConversationKey.ForRoom(room), room, null))
                : NotAMember(room).Error!;
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

    private ImmutableArray<ChatConnection> Audience(ConversationKey conversation, string sender, string? room, string? to) =>
        room is not null ? _registry.InRoom(room)
        : ChatNames.SameUser(sender, to!) ? _registry.OfUser(sender)
        : _registry.OfUser(to!).AddRange(_registry.OfUser(sender));

    private static IEnumerable<ChatConnection> Others(ImmutableArray<ChatConnection> connections, string user) =>
        connections.Where(c => !ChatNames.SameUser(c.User, user));

    private static void Publish(IEnumerable<ChatConnection> audience, ChatEvent chatEvent)
    {
        foreach (var connection in audience)
        {
            connection.Enqueue(chatEvent);
        }
    }

    private static ChatResult<JoinResult> InvalidRoom(string? room) =>
        new ChatError(ChatErrorCodes.BadRequest, room is { Length: <= 64 }
            ? $"'{room}' is not a room name: use 1–64 of a-z, 0-9, _ and -."
            : "That is not a room name: use 1–64 of a-z, 0-9, _ and -.");

    private static ChatResult<JoinResult> NotAMember(string room) =>
        new ChatError(ChatErrorCodes.NotAMember, $"Join '{room}' before sending to it.");

    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static string NewMessageId() => Guid.CreateVersion7().ToString("N");
}
