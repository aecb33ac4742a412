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
/// Who receives an event is decided when it is published (the audience is a snapshot), so membership semantics are
/// those of an immediate hand-over; only the hand-over waits, for one turn of the thread pool. Every event of
/// <see cref="LocalDelivery"/> goes through here, so each connection still sees them in publication order.
/// </remarks>
internal sealed class DeliveryRounds
{
    private readonly Lock _gate = new();
    private List<Delivery> _next = []; // what the next round hands over
    private List<Delivery>? _spare; // the last round's list, cleared, while no round runs
    private bool _scheduled; // a round is queued or running: true until a round ends with nothing new

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

        Deliver(round);
        round.Clear();
        lock (_gate)
        {
            _spare = round;
            if (_next.Count == 0)
            {
                _scheduled = false;
                return;
            }
        }

        // What was published meanwhile is the next round, behind the pumps this one woke.
        ThreadPool.UnsafeQueueUserWorkItem(static rounds => rounds.Run(), this, preferLocal: false);
    }

    private static void Deliver(List<Delivery> round)
    {
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
                for (var i = start; i < end; i++)
                {
                    if (round[i].ExceptUser is not { } except || !ChatNames.SameUser(connection.User, except))
                    {
                        connection.Enqueue(round[i].Event);
                    }
                }
            }

            start = end;
        }
    }

    private readonly record struct Delivery(ImmutableArray<ChatConnection> Audience, ChatEvent Event, string? ExceptUser);
}
