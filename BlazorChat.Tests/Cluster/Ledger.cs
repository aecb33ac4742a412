using System.Collections.Concurrent;

namespace BlazorChat.Tests.Cluster;

/// <summary>A message the server acknowledged: stored, with its place in its conversation.</summary>
internal sealed record Ack(string Conversation, long Seq, string MessageId, string ClientMsgId, int Client);

/// <summary>Every acknowledgement a workload got, and what they say together about each conversation.</summary>
internal sealed class Ledger
{
    private readonly ConcurrentQueue<Ack> _acks = new();

    public int Count => _acks.Count;

    public void Add(Ack ack) => _acks.Enqueue(ack);

    public IReadOnlyList<Ack> All => [.. _acks];

    /// <summary>
    /// Per conversation, the acknowledged message at each seq; <paramref name="problems"/> gets two messages at one seq,
    /// one <c>clientMsgId</c> at two places, and any seq from 1 to the last that nobody was told of.
    /// </summary>
    public IReadOnlyDictionary<string, SortedDictionary<long, Ack>> ByConversation(List<string> problems)
    {
        var result = new Dictionary<string, SortedDictionary<long, Ack>>(StringComparer.Ordinal);
        var byClientMsgId = new Dictionary<string, Ack>(StringComparer.Ordinal);
        foreach (var ack in _acks)
        {
            if (byClientMsgId.TryGetValue(ack.ClientMsgId, out var earlier) && (earlier.Seq, earlier.MessageId) != (ack.Seq, ack.MessageId))
            {
                problems.Add($"{ack.ClientMsgId} was acknowledged twice, differently: seq {earlier.Seq} and {ack.Seq}");
            }

            byClientMsgId[ack.ClientMsgId] = ack;
            var seqs = result.TryGetValue(ack.Conversation, out var found) ? found : result[ack.Conversation] = [];
            if (seqs.TryGetValue(ack.Seq, out var other) && other.ClientMsgId != ack.ClientMsgId)
            {
                problems.Add($"{ack.Conversation} seq {ack.Seq} was given to two messages: {other.ClientMsgId} and {ack.ClientMsgId}");
            }

            seqs[ack.Seq] = ack;
        }

        foreach (var (conversation, seqs) in result)
        {
            var missing = Enumerable.Range(1, (int)seqs.Keys.Max()).Where(s => !seqs.ContainsKey(s)).Take(5).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{conversation}: seqs {string.Join(", ", missing)} were stored but never acknowledged");
            }
        }

        return result;
    }
}
