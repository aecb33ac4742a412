namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Where the message list should scroll once rendered: to the newest message, or so that message <see cref="Seq"/>
/// starts <see cref="Offset"/> pixels below the list's top (where the reader had it before the page was lost).
/// Each instance is applied once; also what chat.js returns from the tab's session storage.
/// </summary>
public sealed class ScrollRequest
{
    /// <summary>The message to bring back into view, or null for the newest message.</summary>
    public long? Seq { get; init; }

    /// <summary>The message's distance from the top of the list, in CSS pixels.</summary>
    public double Offset { get; init; }

    /// <summary>A new request to show the newest message.</summary>
    public static ScrollRequest Bottom() => new();
}
