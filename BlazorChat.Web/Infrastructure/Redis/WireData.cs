using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlazorChat.Web.Infrastructure.Redis;

// The JSON that nodes exchange on the backplane channel: a header (version, publishing node, kind) and the data of that
// kind. Fields that are null are left out, so every nullable field has a default. These records are the wire contract, kept apart from the Domain's notices so that either can change on its own;
// a field added later must be optional, and a change that old nodes cannot read takes a new version.

/// <summary>What every payload starts with; <see cref="Data"/> is read once <see cref="V"/> and <see cref="Kind"/> are known.</summary>
internal sealed record WireHeader(int V, string? Node = null, string? Kind = null, JsonElement Data = default);

internal sealed record WireMessages(IReadOnlyList<WireMessage> Messages);

internal sealed record WireMessage(
    string MessageId,
    string Conversation,
    long Seq,
    string From,
    string Text,
    DateTimeOffset SentAt,
    string? Room = null,
    string? To = null,
    string? ClientMsgId = null,
    long Rev = 0,
    long Version = 0,
    DateTimeOffset? EditedAt = null,
    bool Deleted = false,
    string? ReplyTo = null,
    IReadOnlyList<string>? Mentions = null,
    IReadOnlyList<WireReaction>? Reactions = null,
    int ReplyCount = 0,
    DateTimeOffset? LastReplyAt = null);

internal sealed record WireReaction(string Emoji, IReadOnlyList<string> Users);

/// <summary>Changes of one conversation in rev order; <see cref="WireChange.Kind"/> is posted, edited, deleted or reacted.</summary>
internal sealed record WireChanges(IReadOnlyList<WireChange> Changes);

internal sealed record WireChange(string Kind, long Rev, WireMessage Message, string? User = null, string? Emoji = null, bool On = false);

internal sealed record WireTyping(string User, string? Room = null, string? To = null);

internal sealed record WireRead(string User, long Seq, int Unread, long CountedThrough, string? Room = null, string? With = null, int Mentions = 0);

internal sealed record WireMembership(string User, string Room, bool IsMember);

internal sealed record WirePresence(bool Full, IReadOnlyList<string> Online, IReadOnlyList<string> Offline);

internal sealed record WireSessionEnded(string SessionId);

internal sealed record WireSelfCheck(string Nonce);

/// <summary>Source-generated (de)serialisers of the wire records: strict about required and non-null fields.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(WireHeader))]
[JsonSerializable(typeof(WireMessages))]
[JsonSerializable(typeof(WireChanges))]
[JsonSerializable(typeof(WireTyping))]
[JsonSerializable(typeof(WireRead))]
[JsonSerializable(typeof(WireMembership))]
[JsonSerializable(typeof(WirePresence))]
[JsonSerializable(typeof(WireSessionEnded))]
[JsonSerializable(typeof(WireSelfCheck))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
