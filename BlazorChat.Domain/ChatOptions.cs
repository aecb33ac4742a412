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

    /// <summary>
    /// How long a node waits for a missing message (its notice is late, or was lost) before reading it from the store.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a node compares what it delivered with the store's heads, to catch what no notice announced.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a node tells the others who is online on it.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After how long without a heartbeat a node is taken for dead and its users for offline.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The least time between two presence updates to a connection: changes in between are sent together, as one
    /// batch of net changes, so a reconnect storm does not flood every connection. Zero sends each batch at once.
    /// </summary>
    public TimeSpan PresenceBatchInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Under a backlog, the longest the next delivery round rests before it starts: it rests as long as the last round
    /// took, so each socket's write carries more of what was committed meanwhile (fewer writes and segments per
    /// message when the server is busy; nothing changes while rounds are quick). Zero starts each round at once.
    /// </summary>
    public TimeSpan MaxDeliveryRoundRest { get; set; } = TimeSpan.FromMilliseconds(25);
}
