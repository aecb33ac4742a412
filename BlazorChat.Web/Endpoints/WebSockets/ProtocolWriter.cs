using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Writes the protocol's frames as UTF-8 JSON (camelCase, one object per frame), and the fields that frames of every
/// kind share. The frames themselves: <see cref="EventFrames"/>, <see cref="ReplyFrames"/>, <see cref="HelloFrame"/>;
/// a message object: <see cref="MessageJson"/>.
/// </summary>
internal static class ProtocolWriter
{
    public static void WriteSentAt(Utf8JsonWriter writer, DateTimeOffset sentAt) => WriteInstant(writer, "sentAt", sentAt);

    /// <summary>An instant as the protocol writes them: UTC, milliseconds, <c>Z</c>.</summary>
    public static void WriteInstant(Utf8JsonWriter writer, string name, DateTimeOffset instant) =>
        writer.WriteString(name, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>A message's or event's target: <c>room</c>, or <c>to</c> (the recipient of a direct message).</summary>
    internal static void WriteTarget(Utf8JsonWriter w, string? room, string? to)
    {
        if (room is not null)
        {
            w.WriteString("room", room);
        }
        else
        {
            w.WriteString("to", to);
        }
    }

    /// <summary>A conversation as a reader names it: <c>room</c>, or <c>with</c> (the other participant).</summary>
    internal static void WriteConversation(Utf8JsonWriter w, string? room, string? with)
    {
        if (room is not null)
        {
            w.WriteString("room", room);
        }
        else
        {
            w.WriteString("with", with);
        }
    }

    internal static void StringArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonEncoder }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Text is delivered exactly as sent; JSON escaping of <, > and & is valid JSON but needlessly bloats frames.
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder JsonEncoder =
        System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
