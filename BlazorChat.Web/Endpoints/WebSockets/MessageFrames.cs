using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// A posted message's event frame in the two shapes the sockets speak, each built once, on the first socket that needs
/// it, and shared by every other: the full message (v2 §3) for <c>blazorchat.v2</c> sockets, and v1's fields for the
/// rest — a v1 socket receives exactly v1's events (v2 §1), and the fields it would only skip are a fifth of a frame
/// that every member of the room reads.
/// </summary>
internal sealed class MessageFrames
{
    private readonly ChatMessage _message;
    private byte[]? _full;
    private byte[]? _v1;

    private MessageFrames(ChatMessage message) => _message = message;

    /// <summary>The frame of <paramref name="posted"/> for a socket that negotiated v2, or for one that did not.</summary>
    public static byte[] For(MessagePosted posted, bool v2Events)
    {
        var frames = posted.GetOrCreateFrame(static e => new MessageFrames(((MessagePosted)e).Message));
        return v2Events
            ? Once(ref frames._full, frames._message, EventFrames.MessageFrame)
            : Once(ref frames._v1, frames._message, EventFrames.V1MessageFrame);
    }

    // Two sockets may both build it; one copy wins and both are the same bytes.
    private static byte[] Once(ref byte[]? slot, ChatMessage message, Func<ChatMessage, byte[]> build)
    {
        if (Volatile.Read(ref slot) is { } built)
        {
            return built;
        }

        var created = build(message);
        return Interlocked.CompareExchange(ref slot, created, null) ?? created;
    }
}
