using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>What the page should do after an event changed the <see cref="ChatViewState"/>.</summary>
/// <param name="Changed">Whether anything visible changed.</param>
/// <param name="Notify">A direct message for another conversation, worth a snackbar.</param>
/// <param name="LeftCurrentRoom">The open room was left (in another tab): go back to <c>general</c>.</param>
public sealed record ApplyOutcome(bool Changed, ChatMessage? Notify = null, bool LeftCurrentRoom = false)
{
    /// <summary>Nothing to do.</summary>
    public static ApplyOutcome None { get; } = new(false);

    /// <summary>Re-render, nothing else.</summary>
    public static ApplyOutcome Render { get; } = new(true);
}
