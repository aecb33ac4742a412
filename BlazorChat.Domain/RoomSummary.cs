namespace BlazorChat.Domain;

/// <summary>A room of the directory: its name and how many belong to it.</summary>
public sealed record RoomSummary(string Room, int Members);
