using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// Turns notices into the backplane's JSON and back: <c>{"v":1,"node":"…","kind":"typing","data":{…}}</c>. Reading
/// never throws: an unknown version or kind, or a payload that does not hold together, is reported as a problem.
/// </summary>
internal static class BackplaneWire
{
    public const int Version = 1;

    private static WireJsonContext Json => WireJsonContext.Default;

    public static byte[] Encode(BackplaneNotice notice)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("node", notice.Node);
            writer.WritePropertyName("kind");
            switch (notice)
            {
                case ChangesCommitted n:
                    writer.WriteStringValue("changes");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireChanges([.. n.Changes.Select(ToWire)]), Json.WireChanges);
                    break;
                case TypingNotice n:
                    writer.WriteStringValue("typing");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireTyping(n.User, n.Room, n.To), Json.WireTyping);
                    break;
                case ReadNotice n:
                    writer.WriteStringValue("read");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireRead(n.User, n.Seq, n.Unread, n.CountedThrough, n.Room, n.With, n.Mentions), Json.WireRead);
                    break;
                case MembershipNotice n:
                    writer.WriteStringValue("membership");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireMembership(n.User, n.Room, n.IsMember), Json.WireMembership);
                    break;
                case PresenceNotice n:
                    writer.WriteStringValue("presence");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WirePresence(n.Full, n.Online, n.Offline), Json.WirePresence);
                    break;
                case PresenceQuery:
                    writer.WriteStringValue("presenceQuery");
                    break;
                case SessionEndedNotice n:
                    writer.WriteStringValue("sessionEnded");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireSessionEnded(n.SessionId), Json.WireSessionEnded);
                    break;
                case SelfCheckPing n:
                    writer.WriteStringValue("selfCheck");
                    writer.WritePropertyName("data");
                    JsonSerializer.Serialize(writer, new WireSelfCheck(n.Nonce), Json.WireSelfCheck);
                    break;
                default:
                    throw new NotSupportedException($"The backplane has no wire form for {notice.GetType().Name}.");
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out BackplaneNotice? notice, [NotNullWhen(false)] out string? problem)
    {
        notice = null;
        try
        {
            var header = JsonSerializer.Deserialize(payload, Json.WireHeader);
            if (header is null)
            {
                problem = "the payload is null";
            }
            else if (header.V != Version)
            {
                problem = $"version {header.V} is not understood (this node reads version {Version})";
            }
            else if (header.Node is not { Length: > 0 } node)
            {
                problem = "it names no node";
            }
            else
            {
                notice = Decode(node, header.Kind, header.Data);
                problem = notice is null ? $"kind '{header.Kind}' is unknown" : null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // InvalidOperationException: data missing where a kind needs it; FormatException: a bad conversation key.
            problem = "it is malformed: " + ex.Message;
        }

        return notice is not null;
    }

    private static BackplaneNotice? Decode(string node, string? kind, JsonElement data) => kind switch
    {
        "changes" => Read(data, Json.WireChanges, d => new ChangesCommitted(node, [.. d.Changes.Select(c => FromWire(NotNull(c)))])),

        // What nodes of the first version sent: new messages only, whose rev was their seq.
        "messages" => Read(data, Json.WireMessages, d => new ChangesCommitted(
            node, [.. d.Messages.Select(m => FromWire(NotNull(m))).Select(m => new ChatChange(ChangeKind.Posted, m.Rev, m))])),
        "typing" => Read(data, Json.WireTyping, d => new TypingNotice(node, d.User, d.Room, d.To)),
        "read" => Read(data, Json.WireRead, d => new ReadNotice(node, d.User, d.Room, d.With, d.Seq, d.Unread, d.CountedThrough) { Mentions = d.Mentions }),
        "membership" => Read(data, Json.WireMembership, d => new MembershipNotice(node, d.User, d.Room, d.IsMember)),
        "presence" => Read(data, Json.WirePresence, d => new PresenceNotice(node, d.Full, NoNulls(d.Online), NoNulls(d.Offline))),
        "presenceQuery" => new PresenceQuery(node),
        "sessionEnded" => Read(data, Json.WireSessionEnded, d => new SessionEndedNotice(node, d.SessionId)),
        "selfCheck" => Read(data, Json.WireSelfCheck, d => new SelfCheckPing(node, d.Nonce)),
        _ => null,
    };

    private static BackplaneNotice Read<T>(JsonElement data, JsonTypeInfo<T> type, Func<T, BackplaneNotice> toNotice)
        where T : class =>
        data.ValueKind == JsonValueKind.Object
            ? toNotice(data.Deserialize(type) ?? throw new JsonException("The data is null."))
            : throw new JsonException("The data is missing or not an object.");

    // Nullable annotations are not enforced on the items of a list.
    private static T NotNull<T>(T? item)
        where T : class => item ?? throw new JsonException("A list holds null.");

    private static string[] NoNulls(IReadOnlyList<string> items) => [.. items.Select(NotNull)];

    private static WireChange ToWire(ChatChange c) =>
        new(c.Kind.ToString().ToLowerInvariant(), c.Rev, ToWire(c.Message), c.User, c.Emoji, c.On);

    private static ChatChange FromWire(WireChange c) => new(
        Enum.TryParse<ChangeKind>(c.Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : throw new FormatException($"'{c.Kind}' is no change kind."),
        c.Rev, FromWire(NotNull(c.Message)), c.User, c.Emoji, c.On);

    private static WireMessage ToWire(ChatMessage m) =>
        new(m.MessageId, m.Conversation.Value, m.Seq, m.From, m.Text, m.SentAt, m.Room, m.To, m.ClientMsgId,
            m.Rev, m.Version, m.EditedAt, m.Deleted, m.ReplyTo, m.Mentions.Count == 0 ? null : m.Mentions,
            m.Reactions.Count == 0 ? null : [.. m.Reactions.Select(r => new WireReaction(r.Emoji, r.Users))], m.ReplyCount, m.LastReplyAt);

    private static ChatMessage FromWire(WireMessage m) =>
        new(m.MessageId, ConversationKey.Parse(m.Conversation), m.Seq, m.From, m.Room, m.To, m.Text, m.SentAt, m.ClientMsgId)
        {
            Rev = m.Rev == 0 ? m.Seq : m.Rev,
            Version = m.Version == 0 ? (m.Rev == 0 ? m.Seq : m.Rev) : m.Version,
            EditedAt = m.EditedAt,
            Deleted = m.Deleted,
            ReplyTo = m.ReplyTo,
            Mentions = m.Mentions is null ? [] : NoNulls(m.Mentions),
            Reactions = m.Reactions is null ? [] : [.. m.Reactions.Select(r => new ReactionSummary(NotNull(r).Emoji, NoNulls(r.Users)))],
            ReplyCount = m.ReplyCount,
            LastReplyAt = m.LastReplyAt,
        };
}
