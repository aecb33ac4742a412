using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>What the chat page's collaborators ask of the page itself, on its dispatcher.</summary>
internal interface IChatPage
{
    /// <summary>Whether the reader is away (the tab is hidden).</summary>
    bool Away { get; }

    /// <summary>Re-renders the page.</summary>
    void Render();

    /// <summary>Applies my own change at once, as if it had arrived live.</summary>
    void ApplyOwn(ChatChange change);

    /// <summary>Puts the caret in the composer.</summary>
    Task FocusComposerAsync();

    /// <summary>A desktop notification or a sound for a message the reader cannot see.</summary>
    Task AnnounceAsync(ChatMessage message);
}
