namespace BlazorChat.Tests.Cluster;

/// <summary>How a message reached a client.</summary>
internal enum Arrival
{
    /// <summary>A live <c>message</c> event.</summary>
    Live,

    /// <summary>A live event of a conversation the connection was still recovering (a client holds those back).</summary>
    LiveWhileRecovering,

    /// <summary>In the reply to a <c>join</c> with <c>afterSeq</c> or a <c>history</c> with <c>afterSeq</c>.</summary>
    Recovered,

    /// <summary>Not a message: the conversation's recovery on this connection is complete.</summary>
    RecoveryEnded,
}

internal readonly record struct Received(Arrival Arrival, long Seq, string? MessageId, int Connection);

/// <summary>What <see cref="Transcript.Replay"/> found: how far the client holds the conversation, and anything wrong.</summary>
internal sealed record Replayed(long Held, IReadOnlyDictionary<long, string> MessageIds, IReadOnlyList<string> Problems, int SkippedRepeats);

/// <summary>
/// Everything one client received of one conversation, in arrival order, across its connections — replayed the way
/// docs/protocol.md §10 tells a client to: a live message must be exactly the next seq; after a reconnect, live events
/// of a conversation wait until its recovery is in, and then those already held are skipped. Skipping is allowed only
/// there, and for a direct conversation recovered through <c>history</c>, for live events that the history read overtook.
/// A room recovered with <c>join</c> must go on with no repeat at all: the server promises it.
/// </summary>
internal sealed class Transcript(string conversation)
{
    private readonly List<Received> _entries = [];

    public string Conversation { get; } = conversation;

    public bool IsRoom => Conversation.StartsWith("room:", StringComparison.Ordinal);

    public void Add(Received entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Replays what arrived from <paramref name="floor"/> (what the client held when it started).</summary>
    public Replayed Replay(long floor)
    {
        List<Received> entries;
        lock (_entries)
        {
            entries = [.. _entries];
        }

        var held = floor;
        var ids = new Dictionary<long, string>();
        var problems = new List<string>();
        var waiting = new List<Received>();
        var repeatsAllowedThrough = floor; // a direct conversation's live events that its history read overtook
        var skipped = 0;

        void Take(Received r, bool repeatAllowed)
        {
            if (r.Seq == held + 1)
            {
                held = r.Seq;
                ids[r.Seq] = r.MessageId!;
            }
            else if (r.Seq <= held && repeatAllowed)
            {
                skipped++;
            }
            else
            {
                problems.Add(r.Seq <= held
                    ? $"seq {r.Seq} again ({r.Arrival}, connection {r.Connection}) after {held}"
                    : $"a gap: seq {r.Seq} ({r.Arrival}, connection {r.Connection}) after {held}");
            }
        }

        foreach (var r in entries)
        {
            switch (r.Arrival)
            {
                case Arrival.LiveWhileRecovering:
                    waiting.Add(r);
                    break;
                case Arrival.Recovered:
                    Take(r, repeatAllowed: false);
                    break;
                case Arrival.RecoveryEnded:
                    foreach (var w in waiting)
                    {
                        Take(w, repeatAllowed: true);
                    }

                    waiting.Clear();
                    repeatsAllowedThrough = IsRoom ? floor : held;
                    break;
                default:
                    Take(r, repeatAllowed: r.Seq <= repeatsAllowedThrough);
                    break;
            }
        }

        if (waiting.Count > 0)
        {
            problems.Add($"a recovery never ended ({waiting.Count} live events held back)");
        }

        return new Replayed(held, ids, problems, skipped);
    }
}
