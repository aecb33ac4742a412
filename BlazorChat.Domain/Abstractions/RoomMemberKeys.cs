namespace BlazorChat.Domain.Abstractions;

/// <summary>Some members of a room, by their keys (lower-cased names), and how many it has in all.</summary>
public sealed record RoomMemberKeys(IReadOnlyList<string> UserKeys, int Total);
