using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>Who types in the open conversation, and since when; a notice lasts <see cref="ChatViewState.TypingExpiry"/>.</summary>
internal sealed class TypingNotices(string me)
{
    private readonly Dictionary<string, DateTimeOffset> _typing = new(ChatNames.UserComparer);

    /// <summary>True while any notice is held (it may still need expiring).</summary>
    public bool Any => _typing.Count > 0;

    /// <summary>Notes someone else typing in <paramref name="open"/>; false when the notice is mine or for elsewhere.</summary>
    public bool Apply(UserTyping typing, ChatTarget? open, DateTimeOffset now)
    {
        if (ChatNames.SameUser(typing.User, me) || open is null)
        {
            return false;
        }

        var here = open.Room is { } room
            ? typing.Room == room
            : typing.Room is null && typing.To is { } to && ChatNames.SameUser(to, me) && ChatNames.SameUser(typing.User, open.User!);
        if (here)
        {
            _typing[typing.User] = now;
        }

        return here;
    }

    /// <summary>The user's message ended their typing.</summary>
    public void Stopped(string user) => _typing.Remove(user);

    public void Clear() => _typing.Clear();

    /// <summary>The users typing, in the order they started.</summary>
    public IReadOnlyList<string> Users(DateTimeOffset now) =>
        [.. _typing.Where(t => now - t.Value < ChatViewState.TypingExpiry).Select(t => t.Key)];

    /// <summary>Forgets the notices that expired; true when any were removed.</summary>
    public bool Expire(DateTimeOffset now)
    {
        var expired = _typing.Where(t => now - t.Value >= ChatViewState.TypingExpiry).Select(t => t.Key).ToList();
        expired.ForEach(u => _typing.Remove(u));
        return expired.Count > 0;
    }
}
