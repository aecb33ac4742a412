using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// The <see cref="Reassembler"/>'s state of one conversation: how far it is delivered here, what waits, and who waits
/// for it. Guarded by locking the instance itself: every member is called under that lock.
/// </summary>
internal sealed class ConversationStream(ConversationKey conversation)
{
    public ConversationKey Conversation { get; } = conversation;

    /// <summary>The rev up to which the conversation is delivered here.</summary>
    public long Cursor { get; set; }

    /// <summary>The conversation's latest seq at <see cref="Cursor"/>.</summary>
    public long Seq { get; set; }

    /// <summary>The highest rev known to be committed that is not here yet (from a head or a repeat).</summary>
    public long Target { get; set; }

    public SortedList<long, ChatChange> Held { get; } = [];

    public List<(long Rev, TaskCompletionSource Delivered)> Waiters { get; } = [];

    public ITimer? GapTimer { get; set; }

    public bool Filling { get; set; }

    /// <summary>The revs to read next — up to what is held, or else up to the target — if any.</summary>
    public bool IsBehind(out long after, out long through)
    {
        after = Cursor;
        through = Held.Count > 0 ? Held.Keys[0] - 1 : Target;
        return through > after;
    }

    /// <summary>Nobody here listens to the conversation, so the cursor just moves on (past what is held, too).</summary>
    public void AdvanceUnheard(long rev, long seq)
    {
        Cursor = Math.Max(Cursor, rev);
        Seq = Math.Max(Seq, seq);
        while (Held.Count > 0 && Held.Keys[0] <= Cursor + 1)
        {
            Cursor = Math.Max(Cursor, Held.Keys[0]);
            Seq = Math.Max(Seq, Held.Values[0].Message.Seq);
            Held.RemoveAt(0);
        }

        ReleaseWaiters();
    }

    /// <summary>A task that completes once the stream is delivered through <paramref name="rev"/>.</summary>
    public Task AwaitDelivery(long rev)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Waiters.Add((rev, waiter));
        return waiter.Task;
    }

    /// <summary>Completes the waits the cursor has reached.</summary>
    public void ReleaseWaiters()
    {
        if (Waiters.Count == 0)
        {
            return;
        }

        Waiters.RemoveAll(w =>
        {
            if (w.Rev > Cursor)
            {
                return false;
            }

            w.Delivered.TrySetResult();
            return true;
        });
    }

    /// <summary>Completes every wait: what they waited for will never come.</summary>
    public void ReleaseAllWaiters()
    {
        foreach (var (_, waiter) in Waiters)
        {
            waiter.TrySetResult();
        }

        Waiters.Clear();
    }

    public void StopTimer()
    {
        GapTimer?.Dispose();
        GapTimer = null;
    }
}
