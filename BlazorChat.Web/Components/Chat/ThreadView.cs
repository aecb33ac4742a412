using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The thread open beside the conversation: its root and its replies, oldest first, kept current by the
/// conversation's live messages and changes (the same version rule as <see cref="MessageWindow"/>). Replies are read a
/// page at a time; while the first pages are still to be read, live replies only raise the count, so the list never
/// shows a gap.
/// </summary>
public sealed class ThreadView
{
    /// <summary>The most replies read at once.</summary>
    public const int PageSize = 100;

    private readonly SortedList<long, ChatMessage> _replies = [];
    private readonly HashSet<long> _seenLive = []; // live replies counted, so a send's answer and its event count once

    /// <summary>Opens the thread of <paramref name="root"/> with the first page of its replies.</summary>
    public ThreadView(ChatMessage root, IReadOnlyList<ChatMessage> replies)
    {
        Root = root;
        AddPage(replies);
    }

    /// <summary>The message the thread answers, as it is now.</summary>
    public ChatMessage Root { get; private set; }

    /// <summary>Its replies held, oldest first.</summary>
    public IList<ChatMessage> Replies => _replies.Values;

    /// <summary>True until every reply up to the newest has been read.</summary>
    public bool HasMore { get; private set; }

    /// <summary>The seq after which the next page of replies starts.</summary>
    public long? LastSeq => _replies.Count > 0 ? _replies.Keys[^1] : null;

    /// <summary>Adds the next page of replies (those after <see cref="LastSeq"/>).</summary>
    public void AddPage(IReadOnlyList<ChatMessage> replies)
    {
        foreach (var reply in replies)
        {
            _replies.TryAdd(reply.Seq, reply);
        }

        HasMore = replies.Count >= PageSize;
    }

    /// <summary>A message posted live: true when it is a reply of this thread not seen before.</summary>
    public bool AddPosted(ChatMessage message)
    {
        if (message.ReplyTo != Root.MessageId || _replies.ContainsKey(message.Seq) || !_seenLive.Add(message.Seq))
        {
            return false;
        }

        if (!HasMore)
        {
            _replies.Add(message.Seq, message); // otherwise it comes with a later page
        }

        Root = Root with { ReplyCount = Root.ReplyCount + 1, LastReplyAt = message.SentAt };
        return true;
    }

    /// <summary>An edit, delete or reaction: true when it changed the root or a reply held.</summary>
    public bool Apply(ChatChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var changed = change.Message;
        if (changed.MessageId == Root.MessageId)
        {
            if (Root.Version >= change.Rev)
            {
                return false;
            }

            Root = changed with { ReplyCount = Math.Max(changed.ReplyCount, Root.ReplyCount), LastReplyAt = changed.LastReplyAt ?? Root.LastReplyAt };
            return true;
        }

        if (!_replies.TryGetValue(changed.Seq, out var held) || held.MessageId != changed.MessageId || held.Version >= change.Rev)
        {
            return false;
        }

        _replies[changed.Seq] = changed;
        return true;
    }
}
