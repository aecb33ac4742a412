namespace BlazorChat.Domain;

/// <summary>Limits of the chat service, bound from the <c>Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    /// <summary>The longest text a message may have, in characters (Unicode scalar values).</summary>
    public int MaxTextChars { get; set; } = 4000;

    /// <summary>How many events may wait for one subscriber before it is dropped as too slow.</summary>
    public int OutboundQueueCapacity { get; set; } = 512;

    /// <summary>How many messages a user may send in a burst before being rate limited.</summary>
    public int SendBurst { get; set; } = 20;

    /// <summary>How many messages per second a user may send, sustained.</summary>
    public double SendsPerSecond { get; set; } = 5;

    /// <summary>How long a repeated send with the same <c>clientMsgId</c> returns the original message instead of a new one.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most messages a <c>join</c> with <c>afterSeq</c> recovers; a client that missed more is told
    /// <c>recovered: false</c> and pages back through history instead.
    /// </summary>
    public int MaxRecoveredMessages { get; set; } = 1_000;

    /// <summary>
    /// The most circuits (browser tabs) and sockets one user may have open at once; the next is refused
    /// (<see cref="Connections.ConnectionEndReason.LimitReached"/>), so one leaked token cannot take the server's sockets.
    /// </summary>
    public int MaxConnectionsPerUser { get; set; } = 50;

    /// <summary>The most rooms besides <c>general</c> one user may belong to; joining another is <c>forbidden</c>.</summary>
    public int MaxRoomsPerUser { get; set; } = 500;
}
