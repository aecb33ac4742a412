namespace BlazorChat.LoadGen;

/// <summary>
/// The correctness of a finished run: every send acknowledged ok; each conversation's acknowledged seqs exactly
/// 1..count (gap-free and unique); every socket received every message of its conversations exactly once, in seq order.
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
            if (!acknowledged[conversation].Order().SequenceEqual(Enumerable.Range(1, count).Select(s => (long)s)))
            {
                problems.Add($"{conversation}: the acknowledged seqs are not exactly 1..{count}.");
            }
        }

        foreach (var client in clients)
        {
            var expected = plan.ConversationsOf(client.User).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            foreach (var (conversation, seqs) in client.Received)
            {
                if (!expected.TryGetValue(conversation, out var count))
                {
                    problems.Add($"{client.User}: received {seqs.Count} messages of {conversation}, which it is not in.");
                }
                else if (!seqs.SequenceEqual(Enumerable.Range(1, count).Select(s => (long)s)))
                {
                    problems.Add($"{client.User}: the events of {conversation} are not seqs 1..{count}, each once, in order.");
                }
            }

            problems.AddRange(expected.Keys.Where(c => !client.Received.ContainsKey(c)).Select(c => $"{client.User}: nothing received of {c}."));
        }

        return problems;
    }
}
