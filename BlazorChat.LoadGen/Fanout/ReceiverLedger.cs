namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// What one socket must receive in one phase — every message of each sender of its group, exactly once, each sender's
/// in the order they were sent — and what it did receive, with the end-to-end latency of each. For BlazorChat it also
/// checks that the conversation's seqs arrive in order without a gap (each next one is the last plus one). Only the
/// socket's receive loop writes to it; it is read once the phase is over.
/// </summary>
internal sealed class ReceiverLedger
{
    private readonly Dictionary<int, SenderTrack> _senders;
    private readonly long[] _latencies;
    private readonly Problem _duplicates = new("repeated");
    private readonly Problem _outOfOrder = new("out of its sender's order");
    private readonly Problem _strays = new("not for it");
    private readonly Problem _seqBreaks = new("out of seq order (or after a seq gap)");

    /// <param name="receiver">Who this socket is, for the problems it reports.</param>
    /// <param name="phase">The phase number the texts carry; a delivery of another phase is a stray.</param>
    /// <param name="expected">Each sender of this socket's group and how many messages it sends in this phase.</param>
    /// <param name="lastSeqBefore">The last seq this socket saw of its conversation before the phase, or null for none
    /// (or for a server without seqs).</param>
    public ReceiverLedger(string receiver, int phase, IReadOnlyDictionary<int, int> expected, long? lastSeqBefore = null)
    {
        Receiver = receiver;
        Phase = phase;
        _senders = expected.ToDictionary(e => e.Key, e => new SenderTrack(e.Value));
        Expected = expected.Values.Sum();
        _latencies = new long[Expected];
        LastSeq = lastSeqBefore;
    }

    public string Receiver { get; }

    public int Phase { get; }

    /// <summary>How many distinct messages this socket must receive.</summary>
    public int Expected { get; }

    /// <summary>How many distinct expected messages it received.</summary>
    public int Received { get; private set; }

    public bool Complete => Received == Expected;

    public int Lost => Expected - Received;

    public int Duplicates => _duplicates.Count;

    /// <summary>The last seq received (BlazorChat), carried into the next phase's ledger.</summary>
    public long? LastSeq { get; private set; }

    /// <summary>When the last expected message arrived (Stopwatch ticks), or 0.</summary>
    public long LastReceivedAt { get; private set; }

    /// <summary>The latencies (Stopwatch ticks) of the distinct messages received.</summary>
    public ReadOnlySpan<long> Latencies => _latencies.AsSpan(0, Received);

    /// <summary>Records one delivery; returns true when it completed the ledger.</summary>
    public bool Record(DeliveryText text, long? seq, long receivedAt)
    {
        CheckSeq(seq);
        if (text.Phase != Phase || !_senders.TryGetValue(text.Sender, out var track) || text.Index < 0 || text.Index >= track.Seen.Length)
        {
            _strays.Note($"{text} ({(text.Phase != Phase ? "of another phase" : "not its group's, or out of range")})");
            return false;
        }

        if (track.Seen[text.Index])
        {
            _duplicates.Note($"message {text.Index} of sender {text.Sender}");
            return false;
        }

        if (text.Index != track.Next)
        {
            _outOfOrder.Note($"message {text.Index} of sender {text.Sender} when {track.Next} was next");
        }

        track.Seen[text.Index] = true;
        track.Next = Math.Max(track.Next, text.Index + 1);
        _latencies[Received++] = receivedAt - text.SentAt;
        LastReceivedAt = receivedAt;
        return Complete;
    }

    /// <summary>Everything wrong, one line per kind of problem, each with its first example; empty when all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new[] { _duplicates, _outOfOrder, _strays, _seqBreaks }
            .Where(p => p.Count > 0).Select(p => $"{Receiver}: {p.Count} deliveries {p.What} (the first: {p.FirstExample}).").ToList();
        if (Lost > 0)
        {
            var missing = _senders.SelectMany(s => s.Value.Seen.Select((seen, i) => (s.Key, i, seen))).First(x => !x.seen);
            problems.Add($"{Receiver}: lost {Lost} of {Expected} messages (the first missing: message {missing.i} of sender {missing.Key}).");
        }

        return problems;
    }

    /// <summary>How many deliveries broke a rule, all kinds together (duplicates, order, strays, seq gaps).</summary>
    public int Violations => _duplicates.Count + _outOfOrder.Count + _strays.Count + _seqBreaks.Count;

    private void CheckSeq(long? seq)
    {
        if (seq is not { } current)
        {
            return;
        }

        if (LastSeq is { } last && current != last + 1)
        {
            _seqBreaks.Note($"seq {current} after seq {last}");
        }

        LastSeq = current;
    }

    /// <summary>One kind of problem: how often, and its first example.</summary>
    private sealed class Problem(string what)
    {
        public string What { get; } = what;

        public int Count { get; private set; }

        public string? FirstExample { get; private set; }

        public void Note(string example)
        {
            FirstExample ??= example;
            Count++;
        }
    }

    private sealed class SenderTrack(int messages)
    {
        public bool[] Seen { get; } = new bool[messages];

        public int Next { get; set; }
    }
}
