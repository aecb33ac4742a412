namespace BlazorChat.Domain.Events;

/// <summary>
/// Who came online (a first connection or circuit opened, on any node) and who went offline (the last one closed,
/// or their node died) since the previous update: net changes, so a reconnect storm costs each connection a few
/// updates rather than one event per user.
/// </summary>
public sealed class PresenceUpdated(IReadOnlyList<PresenceChange> changes) : ChatEvent
{
    /// <summary>The changes, at most one per user.</summary>
    public IReadOnlyList<PresenceChange> Changes { get; } = changes;
}

/// <summary>A user is now online, or offline.</summary>
public readonly record struct PresenceChange(string User, bool Online);
