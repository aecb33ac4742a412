using System.Text.Json;
using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// One client request frame, parsed leniently: unknown fields are ignored, and a field of the wrong kind — or a
/// string that is valid JSON but not valid Unicode text, such as a lone surrogate <c>"\ud800"</c> — is a
/// <see cref="ProtocolException"/> that becomes a <c>bad_request</c> reply. Nothing here throws anything else.
/// </summary>
internal sealed class ProtocolRequest
{
    private readonly JsonElement _root;

    public ProtocolRequest(JsonElement root)
    {
        _root = root;
        if (InvalidName(root) is { } nameProblem)
        {
            // Looking up any field would unescape that name and throw: nothing more is read.
            Problem = nameProblem;
            return;
        }

        (Id, var idProblem) = ReadId(root);
        string? type = null;
        var typeProblem = root.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String
            ? Catch(() => type = ReadString("type", typeValue))
            : null;
        Type = type;
        Problem = idProblem ?? typeProblem;
    }

    /// <summary>
    /// The request's <c>id</c> as the client wrote it (JSON text of a string or a number), echoed byte for byte as
    /// <c>replyTo</c>; null when absent or unusable.
    /// </summary>
    public string? Id { get; }

    public string? Type { get; }

    /// <summary>What makes the request unusable whatever its type: a bad <c>id</c> or <c>type</c>.</summary>
    public ProtocolException? Problem { get; }

    public string? OptionalString(string name) =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? ReadString(name, value)
        : throw new ProtocolException($"'{name}' must be a string.");

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ProtocolException($"'{name}' is required.");

    public long? OptionalInteger(string name, long min, long max)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
            ? number
            : throw new ProtocolException($"'{name}' must be an integer from {min} to {max}.");
    }

    public long RequiredInteger(string name, long min, long max) =>
        OptionalInteger(name, min, max) ?? throw new ProtocolException($"'{name}' is required.");

    public bool RequiredBoolean(string name) =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? throw new ProtocolException($"'{name}' is required.")
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new ProtocolException($"'{name}' must be true or false.");

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

    /// <summary>A field name that is valid JSON but not valid text, such as <c>"\udfff"</c>.</summary>
    private static ProtocolException? InvalidName(JsonElement root)
    {
        try
        {
            foreach (var property in root.EnumerateObject())
            {
                _ = property.Name;
            }

            return null;
        }
        catch (InvalidOperationException)
        {
            return new ProtocolException("A field name is not valid Unicode text (it holds a lone surrogate).");
        }
    }

    private static (string? Id, ProtocolException? Problem) ReadId(JsonElement root)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return (null, new ProtocolException("'id' must be a string or a number."));
        }

        var raw = id.GetRawText(); // as long as the frame allows: replies leave room for it (FrameBudget.Envelope)
        // Echoed as written even when it is not valid text, so the client can still match the reply to its request.
        return (raw, id.ValueKind == JsonValueKind.String ? Catch(() => ReadString("id", id)) : null);
    }

    /// <summary>A string field's value; a lone surrogate (valid JSON, not valid text) is a bad request.</summary>
    private static string ReadString(string name, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ProtocolException($"'{name}' is not valid Unicode text (it holds a lone surrogate).");
        }
    }

    private static ProtocolException? Catch(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (ProtocolException ex)
        {
            return ex;
        }
    }
}

/// <summary>A request that is not well-formed: the reply is <c>bad_request</c> with this message.</summary>
internal sealed class ProtocolException(string message) : Exception(message)
{
    public ChatError ToError() => new(ChatErrorCodes.BadRequest, Message);
}
