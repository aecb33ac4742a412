namespace BlazorChat.Domain;

/// <summary>
/// Some of a room's members, online first, then by name, and how many it has in all (<see cref="Total"/> may exceed
/// the members listed: a big room is listed in part).
/// </summary>
public sealed record RoomMembers(IReadOnlyList<RoomMember> Members, int Total);
