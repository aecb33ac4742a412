using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Delivers a change committed by this node here, before its author hears "ok", and tells the other nodes — but waits
/// for delivery here only so long: the change is committed, so a store that fails to give back what comes before it
/// must not keep the author from hearing "ok".
/// </summary>
internal sealed class ChangeDelivery(Reassembler streams, BackplaneOutbox outbox, TimeProvider time)
{
    private static readonly TimeSpan MaxDeliveryWait = TimeSpan.FromSeconds(5);

    /// <summary>Hands a change of this node to its delivery rounds and to the backplane, and waits for the first.</summary>
    public async Task DeliverAsync(ChatChange change, CancellationToken cancellationToken)
    {
        var delivered = streams.Offer(change);
        outbox.Post(change);
        await AwaitAsync(delivered, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the conversation is delivered here through <paramref name="rev"/> (a repeat's original, say).</summary>
    public Task CatchUpAsync(ConversationKey conversation, long rev, long seq, CancellationToken cancellationToken) =>
        AwaitAsync(streams.CatchUpAsync(conversation, rev, seq), cancellationToken);

    private async Task AwaitAsync(Task delivered, CancellationToken cancellationToken)
    {
        try
        {
            await delivered.WaitAsync(MaxDeliveryWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Delivered when the store answers again (the reassembler retries); acknowledged now.
        }
    }
}
