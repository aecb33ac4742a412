using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Everything one chat tab shows — rooms, people and presence, unread counts, the open conversation's messages and
/// who is typing in it — and how each <see cref="ChatEvent"/> changes it. Pure and synchronous: the page owns the
/// connection and calls this on the renderer's dispatcher only.
/// </summary>
public sealed partial class ChatViewState(string me)
{
    /// <summary>How long a typing notice lasts without another one.</summary>
    public static readonly TimeSpan TypingExpiry = TimeSpan.FromSeconds(4);

    private readonly List<string> _rooms = [ChatNames.General];
    private readonly List<string> _people = [];
    private readonly HashSet<string> _online = new(ChatNames.UserComparer);
    private readonly Dictionary<string, ReadState> _reads = new(ConversationKeys.Comparer);
    private readonly MessageWindow _window = new();
    private readonly Dictionary<string, DateTimeOffset> _typing = new(ChatNames.UserComparer);
    private readonly RoomNotices _notices = new();

    /// <summary>The signed-in user.</summary>
    public string Me { get; } = me;

    /// <summary>The open conversation, or null before one is opened.</summary>
    public ChatTarget? Current { get; private set; }

    /// <summary>The part of the open conversation shown, bounded and gap-free.</summary>
    public MessageWindow Window => _window;

    /// <summary>The open conversation's messages shown, oldest first, without duplicates.</summary>
    public IList<ChatMessage> Messages => _window.Messages;

    /// <summary>True when the open conversation has messages before the oldest one shown.</summary>
    public bool HasOlder => _window.HasOlder;

    /// <summary>The seq of the oldest message shown.</summary>
    public long? OldestSeq => _window.FirstSeq;

    /// <summary>Who joined or left the open room while it was open.</summary>
    public RoomNotices Notices => _notices;

    /// <summary>My rooms, <c>general</c> first, with unread counts.</summary>
    public IEnumerable<RoomView> Rooms => _rooms
        .Select(r => new RoomView(r, UnreadOf(ConversationKeys.Room(r)), MentionsOf(ConversationKeys.Room(r))));

    /// <summary>Everyone but me, online first, then by name.</summary>
    public IEnumerable<PersonView> People => _people
        .Select(p => new PersonView(
            p, _online.Contains(p), UnreadOf(ConversationKeys.Direct(p)), MentionsOf(ConversationKeys.Direct(p))))
        .OrderByDescending(p => p.Online)
        .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>True while someone types in the open conversation (their notices may still need expiring).</summary>
    public bool AnyoneTyping => _typing.Count > 0;

    /// <summary>Whether <paramref name="user"/> has an open connection.</summary>
    public bool IsOnline(string user) => _online.Contains(user);

    /// <summary>Whether <paramref name="room"/> is one of mine.</summary>
    public bool IsMemberOf(string room) => _rooms.Contains(room);

    /// <summary>Adds registered users to the people list (never me, never twice).</summary>
    public void AddPeople(IEnumerable<string> people)
    {
        foreach (var person in people)
        {
            AddPerson(person);
        }
    }

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
        ForgetThreadAndQuotes();
        if (_reads.TryGetValue(ConversationKeys.Of(target), out var read))
        {
            read.ClearCount();
        }
    }

    /// <summary>
    /// The seq to mark the open conversation read up to, or null when nothing shown needs it: only a message from
    /// someone else beyond the marker does (my own messages are never unread), and only while the reader follows
    /// the newest messages — one who scrolled up to read older ones has not seen the new ones yet.
    /// </summary>
    public long? PendingRead()
    {
        var shown = _window.Messages;
        if (Current is null || shown.Count == 0 || !_window.Following)
        {
            return null; // read means seen: not while the reader is further up
        }

        var readUpTo = _reads.TryGetValue(ConversationKeys.Of(Current), out var read) ? read.ReadUpTo : 0;
        for (var i = shown.Count - 1; i >= 0 && shown[i].Seq > readUpTo; i--)
        {
            if (!ChatNames.SameUser(shown[i].From, Me))
            {
                return shown[^1].Seq;
            }
        }

        return null;
    }

    /// <summary>Records that the conversation is read up to <paramref name="seq"/>; what this tab counted up to it is cleared.</summary>
    public bool MarkedRead(ChatTarget target, long seq)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ReadOf(ConversationKeys.Of(target)).MarkedRead(seq);
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
    public IReadOnlyList<string> TypingUsers(DateTimeOffset now) =>
        [.. _typing.Where(t => now - t.Value < TypingExpiry).Select(t => t.Key)];

    /// <summary>Forgets typing notices older than <see cref="TypingExpiry"/>; true when any were removed.</summary>
    public bool ExpireTyping(DateTimeOffset now)
    {
        var expired = _typing.Where(t => now - t.Value >= TypingExpiry).Select(t => t.Key).ToList();
        expired.ForEach(u => _typing.Remove(u));
        return expired.Count > 0;
    }

    /// <summary>Applies one event from the connection.</summary>
    public ApplyOutcome Apply(ChatEvent chatEvent, DateTimeOffset now) => chatEvent switch
    {
        SessionStarted started => ApplySessionStarted(started),
        MessagePosted posted => ApplyMessage(posted.Message),
        MessageChanged changed => ApplyChange(changed.Change),
        PresenceUpdated presence => ApplyPresence(presence),
        UserTyping typing => ApplyTyping(typing, now),
        MembershipChanged membership => ApplyMembership(membership),
        RoomMemberChanged member => _notices.Apply(member, Current, _window, now) ? ApplyOutcome.Render : ApplyOutcome.None,
        ReadMarkerChanged read => ApplyRead(read),
        _ => ApplyOutcome.None,
    };

    private ApplyOutcome ApplySessionStarted(SessionStarted started)
    {
        _rooms.Clear();
        _rooms.AddRange(started.Rooms);
        if (!_rooms.Contains(ChatNames.General))
        {
            _rooms.Insert(0, ChatNames.General);
        }

        _online.Clear();
        _online.UnionWith(started.Online);
        AddPeople(started.Online);

        // The server's counts replace whatever this tab counted before it (re)connected.
        _reads.Clear();
        foreach (var unread in started.Unread)
        {
            if (unread.With is { } peer)
            {
                AddPerson(peer);
            }

            var key = unread.Room is { } room ? ConversationKeys.Room(room) : ConversationKeys.Direct(unread.With!);
            _reads[key] = new ReadState(unread.LastReadSeq, unread.Count, unread.LastUnreadSeq, unread.Mentions);
        }

        return ApplyOutcome.Render;
    }

    private ApplyOutcome ApplyMessage(ChatMessage message)
    {
        var newPeer = message.Room is null && AddPerson(message.PeerOf(Me)!); // the people list shows whom I talk with
        if (IsCurrent(message))
        {
            _typing.Remove(message.From);
            var inThread = Thread?.AddPosted(message) == true;
            var shown = _window.AddLive(message);
            return shown || inThread || newPeer ? ApplyOutcome.Render : ApplyOutcome.None;
        }

        if (ChatNames.SameUser(message.From, Me))
        {
            return ApplyOutcome.None; // sent from another tab to another conversation: nothing unread
        }

        return ReadOf(ConversationKeys.Of(message, Me)).Arrived(message.Seq, message.Mentioned(Me))
            ? new ApplyOutcome(true, Notify: message.Room is null ? message : null)
            : ApplyOutcome.None;
    }

    private ApplyOutcome ApplyPresence(PresenceUpdated presence)
    {
        var changed = false;
        foreach (var (user, online) in presence.Changes)
        {
            AddPerson(user);
            changed |= online ? _online.Add(user) : _online.Remove(user);
        }

        return changed ? ApplyOutcome.Render : ApplyOutcome.None;
    }

    private ApplyOutcome ApplyTyping(UserTyping typing, DateTimeOffset now)
    {
        if (ChatNames.SameUser(typing.User, Me) || Current is null)
        {
            return ApplyOutcome.None;
        }

        var here = Current.Room is { } room
            ? typing.Room == room
            : typing.Room is null && typing.To is { } to && ChatNames.SameUser(to, Me) && ChatNames.SameUser(typing.User, Current.User!);
        if (!here)
        {
            return ApplyOutcome.None;
        }

        _typing[typing.User] = now;
        return ApplyOutcome.Render;
    }

    private ApplyOutcome ApplyMembership(MembershipChanged membership)
    {
        if (!ChatNames.SameUser(membership.User, Me))
        {
            return ApplyOutcome.None;
        }

        if (membership.IsMember)
        {
            if (!_rooms.Contains(membership.Room))
            {
                _rooms.Add(membership.Room);
            }

            return ApplyOutcome.Render;
        }

        _rooms.Remove(membership.Room);
        _reads.Remove(ConversationKeys.Room(membership.Room));
        return new ApplyOutcome(true, LeftCurrentRoom: Current?.Room == membership.Room);
    }

    private ApplyOutcome ApplyRead(ReadMarkerChanged read)
    {
        if (!ChatNames.SameUser(read.User, Me))
        {
            return ApplyOutcome.None;
        }

        var key = read.Room is { } room ? ConversationKeys.Room(room) : ConversationKeys.Direct(read.With!);
        return ReadOf(key).MarkedRead(read.Seq, read.Unread, read.CountedThrough, read.Mentions)
            ? ApplyOutcome.Render
            : ApplyOutcome.None;
    }

    private bool IsCurrent(ChatMessage message) => Current switch
    {
        { Room: { } room } => message.Room == room,
        { User: { } peer } => message.Room is null && ChatNames.SameUser(message.PeerOf(Me)!, peer),
        _ => false,
    };

    private bool AddPerson(string person)
    {
        if (ChatNames.SameUser(person, Me) || _people.Contains(person, ChatNames.UserComparer))
        {
            return false;
        }

        _people.Add(person);
        return true;
    }

    private ReadState ReadOf(string key)
    {
        if (!_reads.TryGetValue(key, out var read))
        {
            _reads[key] = read = new ReadState();
        }

        return read;
    }

    private int UnreadOf(string key) => _reads.TryGetValue(key, out var read) ? read.Count : 0;
}
