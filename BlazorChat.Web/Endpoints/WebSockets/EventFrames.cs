using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using static BlazorChat.Web.Endpoints.WebSockets.ProtocolWriter;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The frames of the events a socket is pushed: each built once per event, by the first socket that needs it, and shared
/// by every other one it reaches (the fan-out's frame building).
/// </summary>
internal static class EventFrames
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

    /// <summary>A message as its own event frame — the same object a reply's <c>messages</c> array holds.</summary>
    public static byte[] MessageFrame(ChatMessage message) => Write(w => MessageJson.Write(w, message));

    /// <summary>
    /// A message as v1's <c>message</c> event, for sockets that did not negotiate v2: v1's fields, and
    /// <c>deleted</c> for a message recovered after it was deleted (its text is then empty).
    /// </summary>
    public static byte[] V1MessageFrame(ChatMessage message) => Write(w => MessageJson.Write(w, message, full: false));

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
}
