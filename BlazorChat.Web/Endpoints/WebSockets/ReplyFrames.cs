using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using static BlazorChat.Web.Endpoints.WebSockets.ProtocolWriter;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>The frames that answer a client: replies to its requests, and the <c>error</c> frame of a problem no request owns.</summary>
internal static class ReplyFrames
{
    /// <summary>A successful reply; <paramref name="body"/> adds the request's own fields.</summary>
    public static byte[] Reply(string? replyTo, Action<Utf8JsonWriter>? body = null, string type = "reply") => Write(w =>
    {
        w.WriteString("type", type);
        ReplyTo(w, replyTo);
        w.WriteBoolean("ok", true);
        body?.Invoke(w);
    });

    public static byte[] Failure(string? replyTo, ChatError error) => Write(w =>
    {
        w.WriteString("type", "reply");
        ReplyTo(w, replyTo);
        w.WriteBoolean("ok", false);
        Error(w, error);
    });

    /// <summary>An <c>error</c> frame: a problem not tied to a request, such as a frame that is not JSON.</summary>
    public static byte[] ErrorEvent(ChatError error) => Write(w =>
    {
        w.WriteString("type", "error");
        Error(w, error);
    });

    /// <summary>A reply's <c>messages</c>, from their frames, and <c>truncated</c> when some did not fit.</summary>
    public static void Messages(Utf8JsonWriter writer, MessagePage page)
    {
        writer.WriteStartArray("messages");
        foreach (var frame in page.Frames)
        {
            writer.WriteRawValue(frame, skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (page.Truncated)
        {
            writer.WriteBoolean("truncated", true);
        }
    }

    private static void Error(Utf8JsonWriter w, ChatError error)
    {
        w.WriteStartObject("error");
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        if (error.RetryAfter is { } retryAfter)
        {
            w.WriteNumber("retryAfterMs", (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        }

        w.WriteEndObject();
    }

    /// <summary>Echoes a request's id exactly as the client wrote it: JSON text of a string or number, already parsed once.</summary>
    private static void ReplyTo(Utf8JsonWriter w, string? replyTo)
    {
        if (replyTo is not null)
        {
            w.WritePropertyName("replyTo");
            w.WriteRawValue(replyTo, skipInputValidation: true);
        }
    }
}
