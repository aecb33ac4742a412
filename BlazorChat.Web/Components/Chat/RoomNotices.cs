using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>The join and leave notices of the open room since it was opened; the newest <see cref="Max"/> are kept.</summary>
public sealed class RoomNotices
{
    /// <summary>How many notices are kept, so a room with much coming and going cannot grow the page.</summary>
    public const int Max = 50;

    private readonly List<RoomNotice> _notices = [];
    private long _nextId;

    /// <summary>The notices, oldest first.</summary>
    public IReadOnlyList<RoomNotice> All => _notices;

    /// <summary>Bumped by every notice, so a member list that is open knows to read the members again.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Adds a notice of the open room below its newest message; false (nothing to show) for another room, or while the
    /// reader is further back, where "below the newest" is not on the page.
    /// </summary>
    public bool Apply(RoomMemberChanged change, ChatTarget? current, MessageWindow window, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(window);
        if (current?.Room != change.Room || !window.AtNewest)
        {
            return false;
        }

        _notices.Add(new RoomNotice(++_nextId, change.User, change.IsMember, at, window.LastSeq ?? 0));
        if (_notices.Count > Max)
        {
            _notices.RemoveAt(0);
        }

        Version++;
        return true;
    }

    /// <summary>Forgets every notice (another conversation opened).</summary>
    public void Clear() => _notices.Clear();
}
