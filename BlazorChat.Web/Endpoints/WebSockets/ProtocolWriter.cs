using System.Buffers;
using System.Globalization;
using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>Writes the protocol's frames as UTF-8 JSON (camelCase, one object per frame).</summary>
internal static class ProtocolWriter
{
    /// <summary>
    /// The frame of an event shared by many sockets, or null for events the protocol does not carry. A
    /// <see cref="MessageChanged"/> frame is a v2 event: only sockets that negotiated v2 are sent it. A
    /// <see cref="MessagePosted"/> has a frame per protocol version: see <see cref="MessageFrames"/>.
    /// </summary>
    public static byte[]? Event(ChatEvent chatEvent) => chatEvent switch
    {
        MessageChanged changed => ChangeFrame(changed.Change),
        UserTyping typing => Write(w =>
        {
            w.WriteString("type", "typing");
            w.WriteString("user", typing.User);
            WriteTarget(w, typing.Room, typing.To);
        }),
        ReadMarkerChanged read => Write(w =>
        {
            w.WriteString("type", "read");
            WriteConversation(w, read.Room, read.With);
            w.WriteNumber("seq", read.Seq);
            w.WriteNumber("unread", read.Unread);
            w.WriteNumber("countedThrough", read.CountedThrough);
            w.WriteNumber("mentions", read.Mentions);
        }),
        _ => null,
    };

    /// <summary>One <c>presence</c> frame per change of a presence update, shared by every socket it reaches.</summary>
    public static byte[][] PresenceFrames(ChatEvent chatEvent) =>
        chatEvent is PresenceUpdated update
            ? [.. update.Changes.Select(change => Write(w =>
            {
                w.WriteString("type", "presence");
                w.WriteString("user", change.User);
                w.WriteBoolean("online", change.Online);
            }))]
            : [];

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

    /// <summary>A message as its own event frame — the same object a reply's <c>messages</c> array holds.</summary>
    public static byte[] MessageFrame(ChatMessage message) => Write(w => Message(w, message));

    /// <summary>
    /// A message as v1's <c>message</c> event, for sockets that did not negotiate v2: v1's fields, and
    /// <c>deleted</c> for a message recovered after it was deleted (its text is then empty).
    /// </summary>
    public static byte[] V1MessageFrame(ChatMessage message) => Write(w => Message(w, message, full: false));

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

    public static void WriteSentAt(Utf8JsonWriter writer, DateTimeOffset sentAt) => WriteInstant(writer, "sentAt", sentAt);

    /// <summary>An instant as the protocol writes them: UTC, milliseconds, <c>Z</c>.</summary>
    public static void WriteInstant(Utf8JsonWriter writer, string name, DateTimeOffset instant) =>
        writer.WriteString(name, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// A change as its v2 event (<c>edit</c>, <c>delete</c>, <c>reaction</c>; a posting is a <c>message</c>), with
    /// <c>version</c> the change's own rev. A change read back for recovery carries the message's current text.
    /// </summary>
    public static byte[] ChangeFrame(ChatChange change) => change.Kind == ChangeKind.Posted ? MessageFrame(change.Message) : Write(w =>
    {
        var message = change.Message;
        w.WriteString("type", change.Kind switch { ChangeKind.Edited => "edit", ChangeKind.Deleted => "delete", _ => "reaction" });
        w.WriteString("messageId", message.MessageId);
        if (message.Room is { } room)
        {
            w.WriteString("room", room);
        }
        else
        {
            w.WriteString("from", message.From);
            w.WriteString("to", message.To);
        }

        w.WriteNumber("seq", message.Seq);
        w.WriteNumber("rev", change.Rev);
        w.WriteNumber("version", change.Rev);
        switch (change.Kind)
        {
            case ChangeKind.Edited:
                w.WriteString("text", message.Text);
                if (message.EditedAt is { } editedAt)
                {
                    WriteInstant(w, "editedAt", editedAt);
                }

                StringArray(w, "mentions", message.Mentions);
                if (message.Deleted)
                {
                    w.WriteBoolean("deleted", true); // recovered after a later delete: the text is gone
                }

                break;
            case ChangeKind.Reacted:
                w.WriteString("user", change.User);
                w.WriteString("emoji", change.Emoji);
                w.WriteBoolean("on", change.On);
                break;
        }
    });

    /// <summary>
    /// The message in full (v2 §3): in the replies of every socket (v1 clients ignore the fields they do not know) and
    /// in v2 sockets' events; or, not <paramref name="full"/>, v1's fields and <c>deleted</c>.
    /// </summary>
    private static void Message(Utf8JsonWriter w, ChatMessage message, bool full = true)
    {
        w.WriteString("type", "message");
        w.WriteString("messageId", message.MessageId);
        WriteTarget(w, message.Room, message.To);
        w.WriteNumber("seq", message.Seq);
        if (full)
        {
            w.WriteNumber("rev", message.Rev);
            w.WriteNumber("version", message.Version);
        }

        w.WriteString("from", message.From);
        w.WriteString("text", message.Text);
        WriteSentAt(w, message.SentAt);
        if (message.ClientMsgId is { } clientMsgId)
        {
            w.WriteString("clientMsgId", clientMsgId);
        }

        if (!full)
        {
            if (message.Deleted)
            {
                w.WriteBoolean("deleted", true);
            }

            return;
        }

        if (message.EditedAt is { } editedAt)
        {
            WriteInstant(w, "editedAt", editedAt);
        }

        if (message.ReplyTo is { } replyTo)
        {
            w.WriteString("replyTo", replyTo);
        }

        if (message.Deleted)
        {
            w.WriteBoolean("deleted", true);
        }
        else
        {
            StringArray(w, "mentions", message.Mentions);
            w.WriteStartArray("reactions");
            foreach (var reaction in message.Reactions)
            {
                w.WriteStartObject();
                w.WriteString("emoji", reaction.Emoji);
                w.WriteNumber("count", reaction.Count);
                StringArray(w, "users", reaction.Users);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (message.ReplyCount > 0)
        {
            w.WriteNumber("replyCount", message.ReplyCount);
            if (message.LastReplyAt is { } lastReplyAt)
            {
                WriteInstant(w, "lastReplyAt", lastReplyAt);
            }
        }
    }

    private static void WriteTarget(Utf8JsonWriter w, string? room, string? to)
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
