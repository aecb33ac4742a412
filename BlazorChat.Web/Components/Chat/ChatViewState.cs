using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Everything one chat tab shows — rooms, people and presence, unread counts, the open conversation's messages and
/// who is typing in it — and how each <see cref="ChatEvent"/> changes it. Pure and synchronous: the page owns the
/// connection and calls this on the renderer's dispatcher only. Each concern is held by a collaborator
/// (<see cref="RoomsAndPeople"/>, <see cref="UnreadCounts"/>, <see cref="TypingNotices"/>, <see cref="ThreadAndQuotes"/>);
/// this type routes the events to them and answers for the open conversation.
/// </summary>
public sealed partial class ChatViewState
{
    /// <summary>How long a typing notice lasts without another one.</summary>
    public static readonly TimeSpan TypingExpiry = TimeSpan.FromSeconds(4);

    private readonly RoomsAndPeople _directory;
    private readonly UnreadCounts _reads = new();
    private readonly MessageWindow _window = new();
    private readonly ThreadAndQuotes _threads;
    private readonly TypingNotices _typing;
    private readonly RoomNotices _notices = new();

    /// <summary>An empty view for <paramref name="me"/>: <c>general</c>, nobody else, nothing open.</summary>
    public ChatViewState(string me)
    {
        Me = me;
        _directory = new RoomsAndPeople(me);
        _typing = new TypingNotices(me);
        _threads = new ThreadAndQuotes(_window);
    }

    /// <summary>The signed-in user.</summary>
    public string Me { get; }

    /// <summary>The open conversation, or null before one is opened.</summary>
    public ChatTarget? Current { get; private set; }

    /// <summary>The part of the open conversation shown, bounded and gap-free.</summary>
    public MessageWindow Window => _window;

    /// <summary>The open conversation's messages shown, oldest first, without duplicates.</summary>
    public IList<ChatMessage> Messages => _window.Messages;

    /// <summary>Who joined or left the open room while it was open.</summary>
    public RoomNotices Notices => _notices;

    /// <summary>My rooms, <c>general</c> first, with unread counts.</summary>
    public IEnumerable<RoomView> Rooms => _directory.Rooms(_reads);

    /// <summary>Everyone but me, online first, then by name.</summary>
    public IEnumerable<PersonView> People => _directory.People(_reads);

    /// <summary>True while someone types in the open conversation (their notices may still need expiring).</summary>
    public bool AnyoneTyping => _typing.Any;

    private string? OpenKey => Current is null ? null : ConversationKeys.Of(Current);

    /// <summary>Whether <paramref name="user"/> has an open connection.</summary>
    public bool IsOnline(string user) => _directory.IsOnline(user);

    /// <summary>Whether <paramref name="room"/> is one of mine.</summary>
    public bool IsMemberOf(string room) => _directory.IsMemberOf(room);

    /// <summary>Adds registered users to the people list (never me, never twice).</summary>
    public void AddPeople(IEnumerable<string> people) => _directory.AddPeople(people);

    /// <summary>
    /// Opens a conversation: forgets the previous one's messages and typing, and clears its unread count here (the
    /// server's marker follows through <see cref="PendingRead"/>).
    /// </summary>
    public void Open(ChatTarget target)
    {
        Current = target;
        _window.Clear();
        _typing.Clear();
        _notices.Clear();
        _threads.Forget();
        _reads.ClearCount(ConversationKeys.Of(target));
    }

    /// <summary>
    /// The seq to mark the open conversation read up to, or null when nothing shown needs it: only a message from
    /// someone else beyond the marker does (my own messages are never unread), and only while the reader follows
    /// the newest messages — one who scrolled up to read older ones has not seen the new ones yet.
    /// </summary>
    public long? PendingRead() => Current is null ? null : _reads.PendingIn(ConversationKeys.Of(Current), _window, Me);

    /// <summary>Records that the conversation is read up to <paramref name="seq"/>; what this tab counted up to it is cleared.</summary>
    public bool MarkedRead(ChatTarget target, long seq)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _reads.Of(ConversationKeys.Of(target)).MarkedRead(seq);
    }

    /// <summary>Adds live messages of the open conversation (or ones I sent), and replies to the open thread, ignoring ones already shown.</summary>
    public void Merge(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (IsCurrent(message))
            {
                _window.AddLive(message);
                Thread?.AddPosted(message);
            }
        }
    }

    /// <summary>The names of the users typing in the open conversation, in the order they started.</summary>
    public IReadOnlyList<string> TypingUsers(DateTimeOffset now) => _typing.Users(now);

    /// <summary>Forgets typing notices older than <see cref="TypingExpiry"/>; true when any were removed.</summary>
    public bool ExpireTyping(DateTimeOffset now) => _typing.Expire(now);

    /// <summary>Applies one event from the connection.</summary>
    public ApplyOutcome Apply(ChatEvent chatEvent, DateTimeOffset now) => chatEvent switch
    {
        SessionStarted started => ApplySessionStarted(started),
        MessagePosted posted => ApplyMessage(posted.Message),
        // Both shown and quoted copies take the change (|, not ||); others' conversations never show it.
        MessageChanged { Change: var change } => IsCurrent(change.Message) && (_window.Apply(change) | _threads.Apply(change))
            ? ApplyOutcome.Render
            : ApplyOutcome.None,
        PresenceUpdated presence => _directory.Apply(presence) ? ApplyOutcome.Render : ApplyOutcome.None,
        UserTyping typing => _typing.Apply(typing, Current, now) ? ApplyOutcome.Render : ApplyOutcome.None,
        MembershipChanged membership => ApplyMembership(membership),
        RoomMemberChanged member => _notices.Apply(member, Current, _window, now) ? ApplyOutcome.Render : ApplyOutcome.None,
        ReadMarkerChanged read => ChatNames.SameUser(read.User, Me) && _reads.Apply(read) ? ApplyOutcome.Render : ApplyOutcome.None,
        _ => ApplyOutcome.None,
    };

    private ApplyOutcome ApplySessionStarted(SessionStarted started)
    {
        _directory.Start(started);
        _reads.Start(started.Unread);
        return ApplyOutcome.Render;
    }

    private ApplyOutcome ApplyMessage(ChatMessage message)
    {
        var newPeer = message.Room is null && _directory.AddPerson(message.PeerOf(Me)!); // the people list shows whom I talk with
        if (IsCurrent(message))
        {
            _typing.Stopped(message.From);
            var inThread = Thread?.AddPosted(message) == true;
            var shown = _window.AddLive(message);
            return shown || inThread || newPeer ? ApplyOutcome.Render : ApplyOutcome.None;
        }

        if (ChatNames.SameUser(message.From, Me))
        {
            return ApplyOutcome.None; // sent from another tab to another conversation: nothing unread
        }

        return _reads.Of(ConversationKeys.Of(message, Me)).Arrived(message.Seq, message.Mentioned(Me))
            ? new ApplyOutcome(true, Notify: message.Room is null ? message : null)
            : ApplyOutcome.None;
    }

    private ApplyOutcome ApplyMembership(MembershipChanged membership)
    {
        if (!ChatNames.SameUser(membership.User, Me))
        {
            return ApplyOutcome.None;
        }

        if (membership.IsMember)
        {
            _directory.Joined(membership.Room);
            return ApplyOutcome.Render;
        }

        _directory.Left(membership.Room);
        _reads.Forget(ConversationKeys.Room(membership.Room));
        return new ApplyOutcome(true, LeftCurrentRoom: Current?.Room == membership.Room);
    }

    private bool IsCurrent(ChatMessage message) => Current switch
    {
        { Room: { } room } => message.Room == room,
        { User: { } peer } => message.Room is null && ChatNames.SameUser(message.PeerOf(Me)!, peer),
        _ => false,
    };
}
