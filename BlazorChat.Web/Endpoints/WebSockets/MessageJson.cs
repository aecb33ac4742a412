using System.Text.Json;
using BlazorChat.Domain.Messages;
using static BlazorChat.Web.Endpoints.WebSockets.ProtocolWriter;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The message object of the protocol, written into a frame that is already open: the body of a <c>message</c> event and
/// each entry of a reply's <c>messages</c>.
/// </summary>
internal static class MessageJson
{
    /// <summary>
    /// The message in full (v2 §3): in the replies of every socket (v1 clients ignore the fields they do not know) and
    /// in v2 sockets' events; or, not <paramref name="full"/>, v1's fields and <c>deleted</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter w, ChatMessage message, bool full = true)
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
}
