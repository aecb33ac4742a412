using System.Collections.Concurrent;
using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;

namespace BlazorChat.Web.Rendering;

/// <summary>
/// A message's text as safe HTML: Markdown without raw HTML, mentions marked, then sanitised against an allow-list.
/// One singleton for the server, so a message is rendered once per version (and text) however many tabs show it;
/// the cache is bounded, so a long-running server keeps only the most recently added renderings.
/// </summary>
public sealed class MessageMarkup
{
    /// <summary>How many renderings are kept by default: a few pages of every busy conversation.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<(string MessageId, long Version), Rendering> _cache = new();
    private readonly ConcurrentQueue<(string MessageId, long Version)> _order = new(); // oldest added first
    private readonly int _capacity;
    private long _renders;

    public MessageMarkup(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many times a text was actually rendered (not found in the cache).</summary>
    internal long Renders => Interlocked.Read(ref _renders);

    /// <summary>The sanitised HTML of <paramref name="message"/>'s text; empty for a deleted message.</summary>
    public MarkupString Render(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Deleted || message.Text.Length == 0)
        {
            return default;
        }

        // The version alone is not enough: it is 0 until the store fills it, and an edit must never show old HTML.
        var key = (message.MessageId, message.Version);
        if (_cache.TryGetValue(key, out var cached) && cached.IsOf(message))
        {
            return cached.Html;
        }

        Interlocked.Increment(ref _renders);
        var rendering = new Rendering(message.Text, message.Mentions, new MarkupString(MarkdownHtml.Render(message.Text, message.Mentions)));
        if (_cache.TryAdd(key, rendering))
        {
            _order.Enqueue(key);
            Trim();
        }
        else
        {
            _cache[key] = rendering; // the same version with other text or mentions: the newest wins
        }

        return rendering.Html;
    }

    private void Trim()
    {
        while (_cache.Count > _capacity && _order.TryDequeue(out var oldest))
        {
            _cache.TryRemove(oldest, out _);
        }
    }

    private sealed record Rendering(string Text, IReadOnlyList<string> Mentions, MarkupString Html)
    {
        public bool IsOf(ChatMessage message) =>
            Text == message.Text && Mentions.SequenceEqual(message.Mentions, ChatNames.UserComparer);
    }
}
