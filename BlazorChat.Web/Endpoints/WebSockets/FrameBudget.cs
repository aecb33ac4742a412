using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Keeps every server frame within <c>hello.limits.maxServerFrameBytes</c>, the size clients size their buffers by:
/// a reply that carries messages carries only as many as fit, and says so.
/// </summary>
internal sealed class FrameBudget(int maxServerFrameBytes, int maxFrameBytes)
{
    /// <summary>
    /// The largest a message's own frame can be: every character escaped — 12 bytes for one outside the Basic
    /// Multilingual Plane (an emoji is written <c>\ud83d\ude00</c>) — plus its other fields.
    /// </summary>
    public static long LargestMessageFrame(int maxTextChars) => (12L * maxTextChars) + 2048;

    /// <summary>
    /// Room for a reply's own fields around its messages: type, ok, room, seq, flags, and the echoed <c>id</c>, which
    /// can be as long as the frame that brought it.
    /// </summary>
    public static long Envelope(int maxFrameBytes) => maxFrameBytes + 1024L;

    /// <summary>The smallest <c>maxServerFrameBytes</c> that holds any one message in a reply.</summary>
    public static long Smallest(int maxTextChars, int maxFrameBytes) => LargestMessageFrame(maxTextChars) + Envelope(maxFrameBytes);

    public int MaxServerFrameBytes { get; } = maxServerFrameBytes;

    /// <summary>The newest messages that fit, for a page read backwards (<c>beforeSeq</c>, or the newest page).</summary>
    public MessagePage Newest(IReadOnlyList<ChatMessage> messages) => Fit(messages, fromEnd: true);

    /// <summary>The oldest messages that fit, for a page read forwards (<c>afterSeq</c>).</summary>
    public MessagePage Oldest(IReadOnlyList<ChatMessage> messages) => Fit(messages, fromEnd: false);

    /// <summary>The oldest messages that fit beside <paramref name="reservedBytes"/> of other fields (a thread's root).</summary>
    public MessagePage Oldest(IReadOnlyList<ChatMessage> messages, int reservedBytes) => Fit(messages, fromEnd: false, reservedBytes);

    /// <summary>The bytes of a reply holding these frames: its envelope, and each frame with its comma.</summary>
    public long Size(IEnumerable<byte[]> frames) => Envelope(maxFrameBytes) + frames.Sum(f => f.Length + 1L);

    private MessagePage Fit(IReadOnlyList<ChatMessage> messages, bool fromEnd, int reservedBytes = 0)
    {
        var frames = new byte[messages.Count][];
        var size = Envelope(maxFrameBytes) + reservedBytes;
        var count = 0;
        for (; count < messages.Count; count++)
        {
            var index = fromEnd ? messages.Count - 1 - count : count;
            var frame = EventFrames.MessageFrame(messages[index]);
            size += frame.Length + 1; // and its comma
            if (size > MaxServerFrameBytes && count > 0)
            {
                break; // (the first always fits: the limit is validated at start against the largest message)
            }

            frames[index] = frame;
        }

        var first = fromEnd ? messages.Count - count : 0;
        return new MessagePage(
            messages.Skip(first).Take(count).ToList(), frames.AsSpan(first, count).ToArray(), Truncated: count < messages.Count);
    }
}

/// <summary>Messages that fit in one reply, each with its frame, and whether some had to be left out.</summary>
internal sealed record MessagePage(IReadOnlyList<ChatMessage> Messages, IReadOnlyList<byte[]> Frames, bool Truncated);
