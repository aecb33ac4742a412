namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// A person's avatar colour, derived from their name so it is the same in every tab, on every node and after a
/// restart (string.GetHashCode is randomised per process, so FNV-1a instead). Each of the colours (app.css,
/// <c>.chat-avatar-0</c>…) carries its white initial at 4.9:1 or more, in light and dark.
/// </summary>
public static class AvatarColor
{
    /// <summary>How many colours app.css defines.</summary>
    public const int Count = 12;

    /// <summary>The CSS class of <paramref name="name"/>'s colour; case does not matter, as user names do not.</summary>
    public static string ClassOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"chat-avatar-{hash % Count}";
    }
}
