using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Keeps every server frame within <c>hello.limits.maxServerFrameBytes</c>, the size clients size their buffers by:
/// a reply that carries messages carries only as many as fit, and says so.
/// </summary>
internal sealed class FrameBudget(int maxServerFrameBytes)
{
    /// <summary>Room for a reply's own fields around its messages (type, a replyTo of up to 256 characters, ok, room, seq, flags).</summary>
    public const int Envelope = 1024;

    /// <summary>The largest a message's own frame can be: every character escaped (6 bytes), plus its other fields.</summary>
    public static int LargestMessageFrame(int maxTextChars) => (6 * maxTextChars) + 2048;

    public int MaxServerFrameBytes { get; } = maxServerFrameBytes;

    /// <summary>The newest messages that fit, for a page read backwards (<c>beforeSeq</c>, or the newest page).</summary>
    public MessagePage Newest(IReadOnlyList<ChatMessage> messages) => Fit(messages, fromEnd: true);

    /// <summary>The oldest messages that fit, for a page read forwards (<c>afterSeq</c>).</summary>
    public MessagePage Oldest(IReadOnlyList<ChatMessage> messages) => Fit(messages, fromEnd: false);

    private MessagePage Fit(IReadOnlyList<ChatMessage> messages, bool fromEnd)
    {
        var frames = new byte[messages.Count][];
        var size = Envelope;
        var count = 0;
        for (; count < messages.Count; count++)
        {
            var index = fromEnd ? messages.Count - 1 - count : count;
            var frame = ProtocolWriter.MessageFrame(messages[index]);
            size += frame.Length + 1; // and its comma
            if (size > MaxServerFrameBytes)
            {
                break;
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
