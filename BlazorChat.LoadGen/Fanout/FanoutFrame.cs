using System.Buffers.Text;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>What a frame is to a fan-out client.</summary>
internal enum FrameKind
{
    /// <summary>Anything else (hello, presence, typing, an error event…): not counted.</summary>
    Other,

    /// <summary>A message for this socket: BlazorChat's <c>message</c> event, or a reference server's echo of a <c>send</c> frame.</summary>
    Delivery,

    /// <summary>BlazorChat's <c>reply</c> to a request.</summary>
    Reply,
}

/// <summary>
/// The few fields of a server frame the fan-out needs, found with span searches rather than a JSON parser (the load
/// generator reads up to a million frames a run on the same two cores as the server). BlazorChat writes <c>type</c>
/// first and never escapes the load generator's ASCII texts; the references echo the very <c>send</c> frame a client sent.
/// </summary>
internal readonly record struct FanoutFrame(FrameKind Kind, DeliveryText Text, long? Seq, long ReplyTo, bool Ok)
{
    public static FanoutFrame Read(ReadOnlySpan<byte> frame)
    {
        var type = StringAfter(frame, "\"type\":\""u8);
        if (type.SequenceEqual("message"u8) || type.SequenceEqual("send"u8))
        {
            var text = StringAfter(frame, "\"text\":\""u8);
            return DeliveryText.TryParse(text, out var parsed)
                ? new FanoutFrame(FrameKind.Delivery, parsed, NumberAfter(frame, "\"seq\":"u8), 0, false)
                : default; // someone else's message: not the load generator's, so not counted
        }

        if (type.SequenceEqual("reply"u8))
        {
            var replyTo = NumberAfter(frame, "\"replyTo\":"u8) ?? long.MinValue;
            return new FanoutFrame(FrameKind.Reply, default, NumberAfter(frame, "\"seq\":"u8), replyTo, frame.IndexOf("\"ok\":true"u8) >= 0);
        }

        return default;
    }

    /// <summary>The characters of the JSON string that follows <paramref name="key"/> (up to its closing quote), or empty.</summary>
    private static ReadOnlySpan<byte> StringAfter(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> key)
    {
        var at = frame.IndexOf(key);
        if (at < 0)
        {
            return default;
        }

        var rest = frame[(at + key.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }

    private static long? NumberAfter(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> key)
    {
        var at = frame.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(frame[(at + key.Length)..], out long value, out _) ? value : null;
    }
}
