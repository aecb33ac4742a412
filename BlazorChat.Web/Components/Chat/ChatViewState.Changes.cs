using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

// The open conversation's messages that change: edits, deletes and reactions, the thread open beside it, and the
// roots that replies quote (held by ThreadAndQuotes).
public sealed partial class ChatViewState
{
    /// <summary>The thread open beside the conversation, or null.</summary>
    public ThreadView? Thread => _threads.Thread;

    /// <summary>Opens the thread beside the conversation (it must be one of the open conversation's).</summary>
    public void OpenThread(ThreadResult thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        _threads.Open(thread);
    }

    /// <summary>Closes the thread.</summary>
    public void CloseThread() => _threads.Close();

    /// <summary>
    /// The message a reply answers, as it is now, when this tab knows it: shown, open as a thread, or read for the
    /// quote; null until then (<see cref="QuotesToRead"/>).
    /// </summary>
    public ChatMessage? RootOf(ChatMessage reply) => _threads.RootOf(reply);

    /// <summary>The roots that replies shown quote but this tab does not hold, each asked for once.</summary>
    public IReadOnlyList<string> QuotesToRead() => _threads.ToRead();

    /// <summary>A root read for its replies' quotes.</summary>
    public void AddQuoted(ChatMessage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _threads.AddQuoted(root);
    }

    /// <summary>My newest message shown that can still be edited (not deleted), for ↑ in an empty composer.</summary>
    public ChatMessage? LastOwnMessage()
    {
        var shown = _window.Messages;
        for (var i = shown.Count - 1; i >= 0; i--)
        {
            if (ChatNames.SameUser(shown[i].From, Me) && !shown[i].Deleted)
            {
                return shown[i];
            }
        }

        return null;
    }
}
