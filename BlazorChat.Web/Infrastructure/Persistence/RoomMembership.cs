namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A user's membership of a room other than general. <see cref="UserKey"/> is the lower-cased user name.</summary>
public sealed class RoomMembership
{
    public required string UserKey { get; init; }

    public required string Room { get; init; }

    public DateTimeOffset JoinedAt { get; init; }
}
