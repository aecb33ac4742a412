using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The open conversation's thread open beside it, and the roots that replies quote but the window may not show (read
/// once each, kept current by their changes). Owned by <see cref="ChatViewState"/>; forgotten with the conversation.
/// </summary>
internal sealed class ThreadAndQuotes(MessageWindow window)
{
    private readonly Dictionary<string, ChatMessage> _quoted = []; // roots read for their replies' quotes, by id
    private readonly HashSet<string> _requested = [];

    public ThreadView? Thread { get; private set; }

    /// <summary>Opens the thread (it must be one of the open conversation's).</summary>
    public void Open(ThreadResult thread)
    {
        Thread = new ThreadView(thread.Root, thread.Replies);
        _quoted[thread.Root.MessageId] = thread.Root;

        // Replies that arrived live while the thread was being read are shown here already: the thread gets them too.
        foreach (var message in window.Messages)
        {
            if (message.ReplyTo == thread.Root.MessageId && message.Seq > (Thread.LastSeq ?? thread.Root.Seq) && !Thread.HasMore)
            {
                Thread.AddPosted(message);
            }
        }
    }

    public void Close() => Thread = null;

    /// <summary>The message a reply answers, when shown, open as the thread, or read for the quote.</summary>
    public ChatMessage? RootOf(ChatMessage reply) =>
        reply.ReplyTo is not { } id ? null
        : window.Find(id) ?? (Thread?.Root.MessageId == id ? Thread.Root : null) ?? _quoted.GetValueOrDefault(id);

    /// <summary>The roots that replies shown quote but nothing here holds, each given once.</summary>
    public IReadOnlyList<string> ToRead()
    {
        var missing = new List<string>();
        foreach (var message in window.Messages)
        {
            if (message.ReplyTo is { } id && RootOf(message) is null && _requested.Add(id))
            {
                missing.Add(id);
            }
        }

        return missing;
    }

    /// <summary>Holds a root read for its replies' quotes, unless a newer version of it is held.</summary>
    public void AddQuoted(ChatMessage root)
    {
        if (!_quoted.TryGetValue(root.MessageId, out var held) || held.Version < root.Version)
        {
            _quoted[root.MessageId] = root;
        }
    }

    /// <summary>Takes a change of the thread or of a quoted root; true when either showed it.</summary>
    public bool Apply(ChatChange change)
    {
        var changed = Thread?.Apply(change) == true;
        if (_quoted.TryGetValue(change.Message.MessageId, out var quoted) && quoted.Version < change.Rev)
        {
            _quoted[change.Message.MessageId] = change.Message;
            changed = true;
        }

        return changed;
    }

    /// <summary>Another conversation opened: its thread and quotes belonged to the one before.</summary>
    public void Forget()
    {
        Thread = null;
        _quoted.Clear();
        _requested.Clear();
    }
}
