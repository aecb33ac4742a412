using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Fills a <see cref="ConversationStream"/>'s gaps from the store, for the <see cref="Reassembler"/>: what lies between
/// its cursor and what is held (or its target) is read and handed back in rev order, after a jump's wait of
/// <see cref="ChatOptions.GapTimeout"/> or at once for a catch-up; a fill that fails is tried again on that timer.
/// </summary>
/// <remarks>
/// The store is the log: a commit of rev N+1 implies N is committed, so every gap can be filled from it.
/// </remarks>
internal sealed class GapFiller(IChatMessageStore store, TimeSpan gapTimeout, TimeProvider time, Func<ConversationStream, ChatChange, Task> take)
{
    private const int FillPage = 500;

    private long _fills;
    private bool _stopped;

    /// <summary>How many fills from the store were needed (a gap, a sweep): for tests and metrics.</summary>
    public long Fills => Interlocked.Read(ref _fills);

    /// <summary>No timers start from now on.</summary>
    public void Stop() => Volatile.Write(ref _stopped, true);

    // Under the stream's lock. One timer per stream, for a jump's wait and a failed fill's retry alike: when it fires,
    // whatever is behind then (held messages, a catch-up's target) is read.
    public void StartTimer(ConversationStream stream) =>
        stream.GapTimer = Volatile.Read(ref _stopped) ? null : time.CreateTimer(
            static state => ((GapFiller)((object[])state!)[0]).OnTimer((ConversationStream)((object[])state!)[1]),
            new object[] { this, stream }, gapTimeout, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Reads from the store what lies between the cursor and what is held (or the target) and delivers it, until nothing
    /// is behind: a catch-up or a jump that comes while a fill runs is read by that fill, not left for a timer.
    /// </summary>
    public async Task FillAsync(ConversationStream stream)
    {
        lock (stream)
        {
            if (stream.Filling || !stream.IsBehind(out _, out _))
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
                    if (!stream.IsBehind(out after, out through))
                    {
                        break;
                    }
                }

                var page = await store.GetChangesAfterAsync(stream.Conversation, after, (int)Math.Min(FillPage, through - after)).ConfigureAwait(false);
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

                        _ = take(stream, change);
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

    private void OnTimer(ConversationStream stream)
    {
        lock (stream)
        {
            stream.StopTimer();
        }

        _ = FillAsync(stream);
    }

    /// <summary>When nothing is held and the store's head is not past the cursor, forgets the target; true if it did.</summary>
    private async Task<bool> GiveUpUnheldTargetAsync(ConversationStream stream)
    {
        var head = await store.GetHeadAsync(stream.Conversation).ConfigureAwait(false);
        lock (stream)
        {
            if (stream.Held.Count > 0 || head.LatestRev > stream.Cursor)
            {
                return false;
            }

            stream.Target = stream.Cursor;
            stream.ReleaseAllWaiters();
            return true;
        }
    }
}
