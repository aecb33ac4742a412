using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlazorChat.LoadGen;

/// <summary>A <c>send</c> request (docs/protocol.md §4); the reply echoes <see cref="Id"/> as <c>replyTo</c>.</summary>
internal sealed record SendRequest(long Id, string? Room, string? To, string Text, string ClientMsgId, string Type = "send");

/// <summary>The fields of a server frame the load generator reads; the rest are skipped.</summary>
internal sealed record ServerFrame(
    string? Type, long? ReplyTo, bool? Ok, long? Seq, string? Room, string? To, string? From, string? Text, string? ClientMsgId, FrameError? Error);

internal sealed record FrameError(string? Code, string? Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(ServerFrame))]
[JsonSerializable(typeof(AccountRequest))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class ProtocolJson : JsonSerializerContext;

internal sealed record AccountRequest(string UserName, string Password);

internal sealed record TokenResponse(string AccessToken);
