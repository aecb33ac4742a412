namespace BlazorChat.Domain;

/// <summary>A member of a room, as registered, and whether they are online now.</summary>
public sealed record RoomMember(string User, bool Online);
