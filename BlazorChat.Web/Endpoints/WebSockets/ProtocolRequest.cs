using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One client request frame, parsed leniently: unknown fields are ignored, and a field of the wrong kind is a
/// <see cref="ProtocolException"/> that becomes a <c>bad_request</c> reply.
/// </summary>
internal sealed class ProtocolRequest(JsonElement root)
{
    /// <summary>The request's <c>id</c>, echoed as <c>replyTo</c>; a string or number, or null when absent.</summary>
    public JsonElement? Id { get; } =
        root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? id.Clone() : null;

    public string? Type { get; } =
        root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    public string? OptionalString(string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new ProtocolException($"'{name}' must be a string.");

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ProtocolException($"'{name}' is required.");

    public long? OptionalInteger(string name, long min, long max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
            ? number
            : throw new ProtocolException($"'{name}' must be an integer from {min} to {max}.");
    }

    public long RequiredInteger(string name, long min, long max) =>
        OptionalInteger(name, min, max) ?? throw new ProtocolException($"'{name}' is required.");

    /// <summary>The conversation a request names: <paramref name="userField"/> (<c>to</c> or <c>with</c>) or <c>room</c>, exactly one.</summary>
    public ChatTarget Target(string userField)
    {
        var room = OptionalString("room");
        var user = OptionalString(userField);
        return (room, user) switch
        {
            (not null, null) => ChatTarget.ToRoom(room),
            (null, not null) => ChatTarget.ToUser(user),
            (null, null) => throw new ProtocolException($"Give 'room' or '{userField}'."),
            _ => throw new ProtocolException($"Give 'room' or '{userField}', not both."),
        };
    }
}

/// <summary>A request that is not well-formed: the reply is <c>bad_request</c> with this message.</summary>
internal sealed class ProtocolException(string message) : Exception(message)
{
    public ChatError ToError() => new(ChatErrorCodes.BadRequest, Message);
}
