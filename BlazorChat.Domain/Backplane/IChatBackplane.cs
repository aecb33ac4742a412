namespace BlazorChat.Domain.Backplane;

/// <summary>
/// How the nodes of one deployment tell each other what happened: a committed batch of messages, typing, a read
/// marker, a membership, presence, a sign-out. It is a doorbell, not a log: the database holds every message, and
/// whatever a backplane loses (an outage, a restart) a node fills from there. <see cref="ChatRoomService"/> publishes
/// everything through it and takes from it only what <em>other</em> nodes published.
/// </summary>
public interface IChatBackplane
{
    /// <summary>The name of this node, unique among the nodes sharing the backplane.</summary>
    string NodeId { get; }

    /// <summary>Whether notices currently reach the other nodes (always true for a single node).</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Starts handing <paramref name="receiver"/> what other nodes publish. Completes only once the subscription is
    /// active, so that what the caller reads from the database afterwards cannot miss a later notice. Called once.
    /// </summary>
    Task SubscribeAsync(IBackplaneReceiver receiver, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a notice to every other node. Never throws for the backplane: when it is down the notice is dropped and
    /// false returned — the nodes catch up from the database and the next heartbeats.
    /// </summary>
    ValueTask<bool> PublishAsync(BackplaneNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>What a node does with the notices of the others.</summary>
public interface IBackplaneReceiver
{
    /// <summary>A notice another node published. Called one at a time, in the order received; must not block.</summary>
    void Receive(BackplaneNotice notice);

    /// <summary>
    /// The backplane came back after an outage: notices may have been lost meanwhile, so the node catches up from the
    /// database and re-announces its presence.
    /// </summary>
    void Reconnected();
}
