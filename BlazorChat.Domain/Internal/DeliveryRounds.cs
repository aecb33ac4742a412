using System.Collections.Immutable;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Hands this node's events to their connections in rounds: what is published while a round waits to run joins it,
/// and a round gives each connection all of its events together, in the order they were published. A group commit
/// of k messages thus wakes each connection's pump once, with k events queued, and its socket writes them in one go —
/// where handing them over one publish at a time woke every pump k times (each woken pump ran before the next message
/// was published), one write and one TCP segment each.
/// </summary>
/// <remarks>
/// <para>
/// Who receives an event is decided when it is published (the audience is a snapshot), so membership semantics are
/// those of an immediate hand-over; only the hand-over waits. Every event of <see cref="LocalDelivery"/> goes through
/// here, so each connection still sees them in publication order.
/// </para>
/// <para>
/// Under a backlog the rounds pace themselves: the next round starts once every pump this round woke has checked in —
/// drained its queue, or met a delivery that does not complete at once (a slow reader never holds a round). What is
/// published meanwhile waits for that round, so each socket's write carries a backlog's worth of events instead of the
/// few that arrived while the last round was being handed over. Idle, a round is one turn of the thread pool. A pump
/// whose deliveries complete at once (a socket with room in its buffers, a circuit whose dispatcher was free and
/// rendered inline) holds the next round only while it does that work, which the pumps would do in any order.
/// </para>
/// </remarks>
internal sealed class DeliveryRounds(TimeSpan maxRest = default, TimeProvider? time = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private ITimer? _restTimer; // starts the next round after a rest; made on the first rest
    private long _roundStarted; // when the running round began (a timestamp of _time)
    private List<Delivery> _next = []; // what the next round hands over
    private List<Delivery>? _spare; // the last round's list, cleared, while no round runs
    private bool _scheduled; // a round is queued or running: true until a round ends with nothing new
    private int _unfinished; // the running round's hold and the pumps it woke that have not checked in
    private bool _resting; // the timer is armed: whoever clears this (the timer, or the disposal) runs the round
    private bool _disposed; // no more rests: the service is shutting down

    // Held by a round while it hands over: above any number of pumps it can wake, so their check-ins, which may come
    // before the round has counted them, never reach zero while it runs.
    private const int RoundHold = 1 << 30;

    /// <summary>Queues <paramref name="chatEvent"/> for <paramref name="audience"/>, except connections of <paramref name="exceptUser"/>.</summary>
    public void Publish(ImmutableArray<ChatConnection> audience, ChatEvent chatEvent, string? exceptUser = null)
    {
        if (audience.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            _next.Add(new Delivery(audience, chatEvent, exceptUser));
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        // The global queue, behind whatever is already waiting there (the rest of a commit group's acknowledgements).
        ThreadPool.UnsafeQueueUserWorkItem(static rounds => rounds.Run(), this, preferLocal: false);
    }

    // One round at a time: two running at once could hand a connection a later round's events first.
    private void Run()
    {
        List<Delivery> round;
        lock (_gate)
        {
            round = _next;
            _next = _spare ?? [];
            _spare = null;
        }

        _roundStarted = _time.GetTimestamp();
        Volatile.Write(ref _unfinished, RoundHold);
        var woken = Deliver(round);
        round.Clear();
        lock (_gate)
        {
            _spare = round;
        }

        if (Interlocked.Add(ref _unfinished, woken - RoundHold) == 0)
        {
            Finish();
        }
    }

    /// <summary>A pump this round woke has drained its queue, stopped, or met a delivery that waits.</summary>
    internal void CheckIn()
    {
        if (Interlocked.Decrement(ref _unfinished) == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        lock (_gate)
        {
            if (_next.Count == 0)
            {
                _scheduled = false;
                return;
            }
        }

        // What was published meanwhile is the next round: at once, or after resting as long as this round took (at most
        // maxRest), so that under a backlog a round gathers what a busy server commits meanwhile.
        var rest = maxRest > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(_time.GetElapsedTime(_roundStarted).Ticks, maxRest.Ticks)) : TimeSpan.Zero;
        if (rest >= MinimumRest && RestFor(rest))
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static rounds => rounds.Run(), this, preferLocal: false);
    }

    // Arms the timer that starts the next round; false once disposed (the round then goes at once).
    private bool RestFor(TimeSpan rest)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            // Like the immediate hand-over, the timer's rounds carry no caller's context (the pump that made it).
            if (_restTimer is null)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _restTimer = _time.CreateTimer(static rounds => ((DeliveryRounds)rounds!).RestEnded(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }

            _resting = true;
            _restTimer.Change(rest, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    private void RestEnded()
    {
        lock (_gate)
        {
            if (!_resting)
            {
                return; // the disposal took the round
            }

            _resting = false;
        }

        Run();
    }

    /// <summary>Stops resting: a round resting now is handed over at once, and later rounds never rest.</summary>
    public void Dispose()
    {
        ITimer? timer;
        bool resting;
        lock (_gate)
        {
            _disposed = true;
            (timer, _restTimer, resting, _resting) = (_restTimer, null, _resting, false);
        }

        timer?.Dispose();
        if (resting)
        {
            Run();
        }
    }

    // A rest shorter than this is not worth a timer: the round was quick, the server is not busy.
    private static readonly TimeSpan MinimumRest = TimeSpan.FromMilliseconds(1);

    // Returns how many idle pumps it woke, each of which checks in once.
    private int Deliver(List<Delivery> round)
    {
        var woken = 0;
        for (var start = 0; start < round.Count;)
        {
            // A run of events for the same audience (one room's messages): each connection takes them all at once.
            var end = start + 1;
            while (end < round.Count && round[end].Audience == round[start].Audience)
            {
                end++;
            }

            foreach (var connection in round[start].Audience)
            {
                var counted = false;
                for (var i = start; i < end; i++)
                {
                    if (round[i].ExceptUser is not { } except || !ChatNames.SameUser(connection.User, except))
                    {
                        if (!counted && connection.CountOn(this))
                        {
                            woken++;
                        }

                        counted = true;
                        connection.Enqueue(round[i].Event);
                    }
                }
            }

            start = end;
        }

        return woken;
    }

    private readonly record struct Delivery(ImmutableArray<ChatConnection> Audience, ChatEvent Event, string? ExceptUser);
}
