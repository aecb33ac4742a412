using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// What a message's bubble lets the reader do — react, reply, edit or delete their own, open its thread — done by the
/// page that shows it (cascaded to the bubbles), which goes through the chat service and keeps the view current.
/// </summary>
public interface IMessageActions
{
    /// <summary>The signed-in user.</summary>
    string Me { get; }

    /// <summary>The message being edited in its bubble, or null.</summary>
    string? EditingId { get; }

    /// <summary>The message a reply answers, when the page knows it.</summary>
    ChatMessage? RootOf(ChatMessage reply);

    /// <summary>Adds (<paramref name="on"/>) or removes my reaction; a refusal is shown by the page.</summary>
    Task ReactAsync(ChatMessage message, string emoji, bool on);

    /// <summary>Starts a reply to the message in the composer.</summary>
    void Reply(ChatMessage message);

    /// <summary>Opens my message for editing in its bubble.</summary>
    void Edit(ChatMessage message);

    /// <summary>Stops editing without saving.</summary>
    void CancelEdit();

    /// <summary>Saves the edited text; the refusal, or null when it was saved.</summary>
    Task<ChatError?> SaveEditAsync(ChatMessage message, string text);

    /// <summary>Deletes my message (the bubble asked first); a refusal is shown by the page.</summary>
    Task DeleteAsync(ChatMessage message);

    /// <summary>Opens the thread of the message (a root or one of its replies) beside the conversation.</summary>
    Task OpenThreadAsync(ChatMessage message);

    /// <summary>Brings the message a reply answers into view: scrolls to it when shown, else opens its thread.</summary>
    Task ShowRootAsync(ChatMessage reply);
}
