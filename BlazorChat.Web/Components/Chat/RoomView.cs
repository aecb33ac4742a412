namespace BlazorChat.Web.Components.Chat;

/// <summary>One entry of the room list.</summary>
public sealed record RoomView(string Name, int Unread, int Mentions = 0);
