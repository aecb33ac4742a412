using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

// The open conversation's messages that change: edits, deletes and reactions, the thread open beside it, and the
// roots that replies quote.
public sealed partial class ChatViewState
{
    private readonly Dictionary<string, ChatMessage> _quoted = []; // roots read for their replies' quotes, by id
    private readonly HashSet<string> _quoteRequested = [];

    /// <summary>The thread open beside the conversation, or null.</summary>
    public ThreadView? Thread { get; private set; }

    /// <summary>Opens the thread beside the conversation (it must be one of the open conversation's).</summary>
    public void OpenThread(ThreadResult thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        Thread = new ThreadView(thread.Root, thread.Replies);
        _quoted[thread.Root.MessageId] = thread.Root;

        // Replies that arrived live while the thread was being read are shown here already: the thread gets them too.
        foreach (var message in _window.Messages)
        {
            if (message.ReplyTo == thread.Root.MessageId && message.Seq > (Thread.LastSeq ?? thread.Root.Seq) && !Thread.HasMore)
            {
                Thread.AddPosted(message);
            }
        }
    }

    /// <summary>Closes the thread.</summary>
    public void CloseThread() => Thread = null;

    /// <summary>
    /// The message a reply answers, as it is now, when this tab knows it: shown, open as a thread, or read for the
    /// quote; null until then (<see cref="QuotesToRead"/>).
    /// </summary>
    public ChatMessage? RootOf(ChatMessage reply) =>
        reply.ReplyTo is not { } id ? null
        : _window.Find(id) ?? (Thread?.Root.MessageId == id ? Thread.Root : null) ?? _quoted.GetValueOrDefault(id);

    /// <summary>The roots that replies shown quote but this tab does not hold, each asked for once.</summary>
    public IReadOnlyList<string> QuotesToRead()
    {
        var missing = new List<string>();
        foreach (var message in _window.Messages)
        {
            if (message.ReplyTo is { } id && RootOf(message) is null && _quoteRequested.Add(id))
            {
                missing.Add(id);
            }
        }

        return missing;
    }

    /// <summary>A root read for its replies' quotes.</summary>
    public void AddQuoted(ChatMessage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!_quoted.TryGetValue(root.MessageId, out var held) || held.Version < root.Version)
        {
            _quoted[root.MessageId] = root;
        }
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

    private ApplyOutcome ApplyChange(ChatChange change)
    {
        if (!IsCurrent(change.Message))
        {
            return ApplyOutcome.None;
        }

        var changed = _window.Apply(change);
        changed |= Thread?.Apply(change) == true;
        if (_quoted.TryGetValue(change.Message.MessageId, out var quoted) && quoted.Version < change.Rev)
        {
            _quoted[change.Message.MessageId] = change.Message;
            changed = true;
        }

        return changed ? ApplyOutcome.Render : ApplyOutcome.None;
    }

    private void ForgetThreadAndQuotes()
    {
        Thread = null;
        _quoted.Clear();
        _quoteRequested.Clear();
    }
}
