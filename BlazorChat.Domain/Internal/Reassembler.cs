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
    private const int FillPage = 500;

    private readonly IChatMessageStore _store;
    private readonly IMessageAudience _audience;
    private readonly TimeProvider _time;
    private readonly TimeSpan _gapTimeout;
    private readonly ConcurrentDictionary<string, ConversationStream> _streams = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private int _sweeping;
    private long _fills;
    private bool _disposed;

    public Reassembler(IChatMessageStore store, IMessageAudience audience, ChatOptions options, TimeProvider time)
    {
        (_store, _audience, _time, _gapTimeout) = (store, audience, time, options.GapTimeout);
        _sweeper = time.CreateTimer(static state => _ = ((Reassembler)state!).SweepAsync(), this, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>How many fills from the store were needed (a gap, a sweep): for tests and metrics.</summary>
    public long Fills => Interlocked.Read(ref _fills);

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
                AdvanceUnheard(stream, head.LatestRev, head.LatestSeq);
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
                    AdvanceUnheard(stream, head.LatestRev, head.LatestSeq);
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
                AdvanceUnheard(stream, rev, seq);
                return Task.CompletedTask;
            }

            stream.Target = Math.Max(stream.Target, rev);
            var delivered = Waiter(stream, rev);
            _ = FillAsync(stream);
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
        Volatile.Write(ref _disposed, true);
        _sweeper.Dispose();
        foreach (var stream in _streams.Values)
        {
            lock (stream)
            {
                stream.GapTimer?.Dispose();
                stream.GapTimer = null;
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
            AdvanceUnheard(stream, change.Rev, change.Message.Seq);
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
            StartTimer(stream);
        }

        return Waiter(stream, change.Rev);
    }

    // Under the stream's lock. One timer per stream, for a jump's wait and a failed fill's retry alike: when it fires,
    // whatever is behind then (held messages, a catch-up's target) is read.
    private void StartTimer(ConversationStream stream) =>
        stream.GapTimer = Volatile.Read(ref _disposed) ? null : _time.CreateTimer(
            static state => ((Reassembler)((object[])state!)[0]).OnTimer((ConversationStream)((object[])state!)[1]),
            new object[] { this, stream }, _gapTimeout, Timeout.InfiniteTimeSpan);

    private void OnTimer(ConversationStream stream)
    {
        lock (stream)
        {
            stream.GapTimer?.Dispose();
            stream.GapTimer = null;
        }

        _ = FillAsync(stream);
    }

    // Under the stream's lock: the revs to read next — up to what is held, or else up to the target — if any.
    private static bool IsBehind(ConversationStream stream, out long after, out long through)
    {
        after = stream.Cursor;
        through = stream.Held.Count > 0 ? stream.Held.Keys[0] - 1 : stream.Target;
        return through > after;
    }

    /// <summary>
    /// Reads from the store what lies between the cursor and what is held (or the target) and delivers it, until nothing
    /// is behind: a catch-up or a jump that comes while a fill runs is read by that fill, not left for a timer.
    /// </summary>
    private async Task FillAsync(ConversationStream stream)
    {
        lock (stream)
        {
            if (stream.Filling || !IsBehind(stream, out _, out _))
            {
                return;
            }

            stream.Filling = true;
        }

        Interlocked.Increment(ref _fills);
        var again = false;
        try
        {
            while (true)
            {
                long after, through;
                lock (stream)
                {
                    if (!IsBehind(stream, out after, out through))
                    {
                        break;
                    }
                }

                var page = await _store.GetChangesAfterAsync(stream.Conversation, after, (int)Math.Min(FillPage, through - after)).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    // Not readable yet — or a target the store never had: then stop chasing it, or it is read for ever.
                    again = !await GiveUpUnheldTargetAsync(stream).ConfigureAwait(false);
                    break;
                }

                lock (stream)
                {
                    foreach (var change in page)
                    {
                        if (change.Rev > stream.Cursor + 1)
                        {
                            // The store no longer holds what came before (it keeps only the newest): nothing can fill it.
                            stream.Cursor = change.Rev - 1;
                        }

                        _ = Take(stream, change);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            again = true; // the store is failing: held messages wait, in order, for the next try
        }
        finally
        {
            lock (stream)
            {
                stream.Filling = false;
                again |= stream.Held.Count > 0 || stream.Target > stream.Cursor;
                if (again && stream.GapTimer is null)
                {
                    StartTimer(stream);
                }
            }
        }
    }

    /// <summary>When nothing is held and the store's head is not past the cursor, forgets the target; true if it did.</summary>
    private async Task<bool> GiveUpUnheldTargetAsync(ConversationStream stream)
    {
        var head = await _store.GetHeadAsync(stream.Conversation).ConfigureAwait(false);
        lock (stream)
        {
            if (stream.Held.Count > 0 || head.LatestRev > stream.Cursor)
            {
                return false;
            }

            stream.Target = stream.Cursor;
            foreach (var (_, waiter) in stream.Waiters)
            {
                waiter.TrySetResult();
            }

            stream.Waiters.Clear();
            return true;
        }
    }

    // Under the stream's lock: nobody here listens to the conversation, so the cursor just moves on.
    private static void AdvanceUnheard(ConversationStream stream, long rev, long seq)
    {
        stream.Cursor = Math.Max(stream.Cursor, rev);
        stream.Seq = Math.Max(stream.Seq, seq);
        while (stream.Held.Count > 0 && stream.Held.Keys[0] <= stream.Cursor + 1)
        {
            stream.Cursor = Math.Max(stream.Cursor, stream.Held.Keys[0]);
            stream.Seq = Math.Max(stream.Seq, stream.Held.Values[0].Message.Seq);
            stream.Held.RemoveAt(0);
        }

        ReleaseWaiters(stream);
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
            stream.GapTimer?.Dispose();
            stream.GapTimer = null;
        }

        ReleaseWaiters(stream);
    }

    private static Task Waiter(ConversationStream stream, long rev)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.Waiters.Add((rev, waiter));
        return waiter.Task;
    }

    private static void ReleaseWaiters(ConversationStream stream)
    {
        if (stream.Waiters.Count == 0)
        {
            return;
        }

        stream.Waiters.RemoveAll(w =>
        {
            if (w.Rev > stream.Cursor)
            {
                return false;
            }

            w.Delivered.TrySetResult();
            return true;
        });
    }
}
