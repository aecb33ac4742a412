using BlazorChat.Domain;
using BlazorChat.Domain.Events;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The tab's directory: my rooms (<c>general</c> always first), the people listed (never me, never twice) and who of
/// them is online. Owned by <see cref="ChatViewState"/>, which changes it only on the renderer's dispatcher.
/// </summary>
internal sealed class RoomsAndPeople(string me)
{
    private readonly List<string> _rooms = [ChatNames.General];
    private readonly List<string> _people = [];
    private readonly HashSet<string> _online = new(ChatNames.UserComparer);

    /// <summary>My rooms, in the order they were joined, <c>general</c> first, with their counts.</summary>
    public IEnumerable<RoomView> Rooms(UnreadCounts reads) => _rooms
        .Select(r => new RoomView(r, reads.CountOf(ConversationKeys.Room(r)), reads.MentionsOf(ConversationKeys.Room(r))));

    /// <summary>Everyone listed, online first, then by name, with their counts.</summary>
    public IEnumerable<PersonView> People(UnreadCounts reads) => _people
        .Select(p => new PersonView(
            p, _online.Contains(p), reads.CountOf(ConversationKeys.Direct(p)), reads.MentionsOf(ConversationKeys.Direct(p))))
        .OrderByDescending(p => p.Online)
        .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public bool IsOnline(string user) => _online.Contains(user);

    public bool IsMemberOf(string room) => _rooms.Contains(room);

    /// <summary>Lists a person; false when it is me or they are listed already.</summary>
    public bool AddPerson(string person)
    {
        if (ChatNames.SameUser(person, me) || _people.Contains(person, ChatNames.UserComparer))
        {
            return false;
        }

        _people.Add(person);
        return true;
    }

    public void AddPeople(IEnumerable<string> people)
    {
        foreach (var person in people)
        {
            AddPerson(person);
        }
    }

    /// <summary>The server's word when the connection (re)opened replaces what this tab knew of rooms and presence.</summary>
    public void Start(SessionStarted started)
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
        foreach (var unread in started.Unread)
        {
            if (unread.With is { } peer)
            {
                AddPerson(peer); // someone who wrote while I was away
            }
        }
    }

    /// <summary>Lists whoever the change names; true when anyone's presence changed.</summary>
    public bool Apply(PresenceUpdated presence)
    {
        var changed = false;
        foreach (var (user, online) in presence.Changes)
        {
            AddPerson(user);
            changed |= online ? _online.Add(user) : _online.Remove(user);
        }

        return changed;
    }

    public void Joined(string room)
    {
        if (!_rooms.Contains(room))
        {
            _rooms.Add(room);
        }
    }

    public void Left(string room) => _rooms.Remove(room);
}
