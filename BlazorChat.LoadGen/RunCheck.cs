namespace BlazorChat.LoadGen;

/// <summary>
/// The correctness of a finished run: every send acknowledged ok; each conversation's acknowledged seqs exactly the
/// plan's range (gap-free and unique); every socket received every message of its conversations exactly once, in seq
/// order, and nothing else. A problem says which socket, which conversation, and what was missing, repeated or out of order.
/// </summary>
internal static class RunCheck
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<LoadClient> clients, IReadOnlyList<SendTarget> targets, DeliveryPlan plan)
    {
        var problems = new List<string>();
        foreach (var client in clients)
        {
            problems.AddRange(client.Surprises);
            problems.AddRange(client.Acks.Select((a, i) => (a, i)).Where(x => !x.a.Ok)
                .Select(x => $"{client.User}: send {x.i} was refused ({x.a.ErrorCode ?? "no reply"})."));
        }

        var acknowledged = clients
            .SelectMany((c, i) => c.Acks.Where(a => a.Ok).Select(a => (Conversation: targets[i].ConversationFrom(c.User), a.Seq)))
            .ToLookup(x => x.Conversation, x => x.Seq, StringComparer.Ordinal);
        foreach (var (conversation, count) in plan.Messages)
        {
            var first = plan.FirstSeq(conversation);
            if (!acknowledged[conversation].Order().SequenceEqual(Range(first, count)))
            {
                problems.Add($"{conversation}: the acknowledged seqs are not exactly {first}..{first + count - 1} ({Describe([.. acknowledged[conversation].Order()], first, count)}).");
            }
        }

        foreach (var client in clients)
        {
            var expected = plan.ConversationsOf(client.User).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            foreach (var (conversation, seqs) in client.Received)
            {
                var first = plan.FirstSeq(conversation);
                if (!expected.TryGetValue(conversation, out var count))
                {
                    problems.Add($"{client.User} (node {client.Node}): received {seqs.Count} messages of {conversation}, which it is not in.");
                }
                else if (!seqs.SequenceEqual(Range(first, count)))
                {
                    problems.Add($"{client.User} (node {client.Node}): the events of {conversation} are not seqs {first}..{first + count - 1}, " +
                                 $"each once, in order ({Describe(seqs, first, count)}).");
                }
            }

            problems.AddRange(expected.Keys.Where(c => !client.Received.ContainsKey(c))
                .Select(c => $"{client.User} (node {client.Node}): nothing received of {c}."));
        }

        return problems;
    }

    private static IEnumerable<long> Range(long first, int count) => Enumerable.Range(0, count).Select(i => first + i);

    /// <summary>What is wrong with <paramref name="seqs"/>: how many arrived, which are missing or repeated, where the order breaks.</summary>
    private static string Describe(List<long> seqs, long first, int count)
    {
        var wanted = Range(first, count).ToHashSet();
        var missing = wanted.Except(seqs).Order().ToList();
        var repeated = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        var foreign = seqs.Where(s => !wanted.Contains(s)).Distinct().Order().ToList();
        var disorder = seqs.Zip(seqs.Skip(1)).Select((pair, i) => (pair, i)).FirstOrDefault(x => x.pair.Second <= x.pair.First);
        var parts = new List<string> { $"{seqs.Count} received" };
        if (missing.Count > 0)
        {
            parts.Add($"{missing.Count} missing: {Some(missing)}");
        }

        if (repeated.Count > 0)
        {
            parts.Add($"{repeated.Count} repeated: {Some(repeated)}");
        }

        if (foreign.Count > 0)
        {
            parts.Add($"{foreign.Count} outside the range: {Some(foreign)}");
        }

        if (disorder.pair != default)
        {
            parts.Add($"first out of order at #{disorder.i + 1}: {disorder.pair.First} then {disorder.pair.Second}");
        }

        return string.Join("; ", parts);
    }

    private static string Some(List<long> seqs) => string.Join(", ", seqs.Take(8)) + (seqs.Count > 8 ? ", …" : "");
}
