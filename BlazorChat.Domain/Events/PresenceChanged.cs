namespace BlazorChat.Domain.Events;

/// <summary>A user's first connection opened (online) or their last one closed (offline).</summary>
public sealed class PresenceChanged(string user, bool online) : ChatEvent
{
    /// <summary>Whose presence changed.</summary>
    public string User { get; } = user;

    /// <summary>True when the user came online.</summary>
    public bool Online { get; } = online;
}
