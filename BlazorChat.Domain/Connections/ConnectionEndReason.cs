namespace BlazorChat.Domain.Connections;

/// <summary>Why a <see cref="ChatConnection"/> stopped receiving events.</summary>
public enum ConnectionEndReason
{
    /// <summary>Its owner disposed it (the circuit or socket closed).</summary>
    Disposed,

    /// <summary>Its outbound queue overflowed: it read too slowly and was dropped.</summary>
    Overflowed,

    /// <summary>Its delivery callback threw.</summary>
    DeliveryFailed,

    /// <summary>The credential it was opened with was revoked (for example, its session signed out).</summary>
    Revoked,

    /// <summary>
    /// Refused when connecting: its user already had <see cref="ChatOptions.MaxConnectionsPerUser"/> circuits and
    /// sockets open. It never delivered anything.
    /// </summary>
    LimitReached,
}
