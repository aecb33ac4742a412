using System.Collections.Concurrent;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// The only way committed changes (new messages, edits, deletes, reactions) reach this node's subscribers. Changes
/// come in from anywhere — this node's commits, other nodes' notices, reads from the store — late, twice or out of
/// order; the reassembler keeps a cursor per conversation, on its <c>rev</c> (everything up to it is delivered, or had
/// nobody here to deliver to) and hands the audience exactly the next one: an old rev is dropped as a duplicate, a
/// jump is held for <see cref="ChatOptions.GapTimeout"/> and then filled from the store, and a sweep every
/// <see cref="ChatOptions.SweepInterval"/> compares the cursors with the store's heads, so a change nobody announced
/// (a lost notice, a lost commit answer) is delivered all the same.
/// </summary>
/// <remarks>
/// The store is the log: a commit of rev N+1 implies N is committed, so every gap can be filled from it. A
/// conversation without a local audience needs no filling: its cursor just follows the highest rev seen.
/// </remarks>
internal sealed class Reassembler : IDisposable
{
    private readonly IChatMessageStore _store;
    private readonly IMessageAudience _audience;
    private readonly GapFiller _filler;
    private readonly ConcurrentDictionary<string, ConversationStream> _streams = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private int _sweeping;

    public Reassembler(IChatMessageStore store, IMessageAudience audience, ChatOptions options, TimeProvider time)
    {
        (_store, _audience) = (store, audience);
        _filler = new GapFiller(store, options.GapTimeout, time, Take);
        _sweeper = time.CreateTimer(static state => _ = ((Reassembler)state!).SweepAsync(), this, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>How many fills from the store were needed (a gap, a sweep): for tests and metrics.</summary>
    public long Fills => _filler.Fills;

    /// <summary>
    /// Starts every cursor at its conversation's head. Called once the backplane's subscription is active and before
    /// anyone subscribes here, so nothing committed afterwards can be missed.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var head in await _store.GetHeadsAsync(cancellationToken).ConfigureAwait(false))
        {
            var stream = StreamOf(head.Conversation);
            lock (stream)
            {
                stream.AdvanceUnheard(head.LatestRev, head.LatestSeq);
            }
        }
    }

    /// <summary>The rev up to which the conversation has been delivered here.</summary>
    public long CursorOf(ConversationKey conversation)
    {
        var stream = StreamOf(conversation);
        lock (stream)
        {
            return stream.Cursor;
        }
    }

    /// <summary>
    /// Takes a committed change; the task completes once it (or a later change) has been delivered here.
    /// </summary>
    public Task Offer(ChatChange change)
    {
        var stream = StreamOf(change.Conversation);
        lock (stream)
        {
            return Take(stream, change);
        }
    }

    /// <summary>
    /// Runs <paramref name="register"/> — which adds subscribers of <paramref name="conversation"/> — where no delivery
    /// of it can interleave, and returns the cursor at that point: the new subscribers receive live exactly what follows
    /// it (its rev, and the seq there). A conversation that had nobody here is first brought up to the store's head,
    /// so the cursor is current.
    /// </summary>
    public async Task<ConversationSeq> AddAudienceAsync(ConversationKey conversation, Action register, CancellationToken cancellationToken)
    {
        var stream = StreamOf(conversation);
        if (!_audience.HasAudience(conversation))
        {
            var head = await _store.GetHeadAsync(conversation, cancellationToken).ConfigureAwait(false);
            lock (stream)
            {
                if (!_audience.HasAudience(conversation))
                {
                    stream.AdvanceUnheard(head.LatestRev, head.LatestSeq);
                }
            }
        }

        lock (stream)
        {
            register();
            return new ConversationSeq(conversation, stream.Seq, stream.Cursor);
        }
    }

    /// <summary>
    /// Makes sure the conversation is delivered here through <paramref name="rev"/> — a change known to be committed
    /// that may never be announced (its commit's answer was lost) — reading from the store when needed.
    /// <paramref name="seq"/> is the conversation's latest seq at that rev (or a lower one).
    /// </summary>
    public Task CatchUpAsync(ConversationKey conversation, long rev, long seq)
    {
        var stream = StreamOf(conversation);
        lock (stream)
        {
            if (rev <= stream.Cursor)
            {
                return Task.CompletedTask;
            }

            if (!_audience.HasAudience(conversation))
            {
                stream.AdvanceUnheard(rev, seq);
                return Task.CompletedTask;
            }

            stream.Target = Math.Max(stream.Target, rev);
            var delivered = stream.AwaitDelivery(rev);
            _ = _filler.FillAsync(stream);
            return delivered;
        }
    }

    /// <summary>Compares every cursor with the store's head and fills what is behind; also right after a backplane outage.</summary>
    public async Task SweepAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var head in await _store.GetHeadsAsync().ConfigureAwait(false))
            {
                _ = CatchUpAsync(head.Conversation, head.LatestRev, head.LatestSeq);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store is failing; the next sweep tries again, and nothing was delivered out of order meanwhile.
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose()
    {
        _filler.Stop();
        _sweeper.Dispose();
        foreach (var stream in _streams.Values)
        {
            lock (stream)
            {
                stream.StopTimer();
            }
        }
    }

    private ConversationStream StreamOf(ConversationKey conversation) => _streams.GetOrAdd(conversation.Value, static (_, c) => new ConversationStream(c), conversation);

    // Under the stream's lock.
    private Task Take(ConversationStream stream, ChatChange change)
    {
        if (change.Rev <= stream.Cursor)
        {
            return Task.CompletedTask; // delivered already: a duplicate
        }

        if (!_audience.HasAudience(stream.Conversation))
        {
            stream.AdvanceUnheard(change.Rev, change.Message.Seq);
            return Task.CompletedTask;
        }

        if (change.Rev == stream.Cursor + 1)
        {
            Deliver(stream, change);
            DeliverHeld(stream);
            return Task.CompletedTask;
        }

        // A jump: what comes before it was committed too, and is on its way or was lost. Wait briefly, then read it.
        stream.Held.TryAdd(change.Rev, change);
        if (stream.GapTimer is null)
        {
            _filler.StartTimer(stream);
        }

        return stream.AwaitDelivery(change.Rev);
    }

    private void Deliver(ConversationStream stream, ChatChange change)
    {
        stream.Cursor = change.Rev;

        // Any change's message has a seq at or below the conversation's latest: the maximum is its latest seq.
        stream.Seq = Math.Max(stream.Seq, change.Message.Seq);
        _audience.Deliver(change);
    }

    private void DeliverHeld(ConversationStream stream)
    {
        while (stream.Held.Count > 0 && stream.Held.Keys[0] <= stream.Cursor + 1)
        {
            var next = stream.Held.Values[0];
            stream.Held.RemoveAt(0);
            if (next.Rev == stream.Cursor + 1)
            {
                Deliver(stream, next);
            }
        }

        // The timer may be a failed catch-up's retry: it stays while the target is ahead.
        if (stream.Held.Count == 0 && stream.Target <= stream.Cursor)
        {
            stream.StopTimer();
        }

        stream.ReleaseWaiters();
    }
}
