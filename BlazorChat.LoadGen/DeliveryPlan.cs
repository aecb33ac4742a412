namespace BlazorChat.LoadGen;

/// <summary>What a run should produce: how many messages each conversation gets, and who must receive them.</summary>
internal sealed class DeliveryPlan
{
    private readonly Dictionary<string, int> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _participants = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, int> _seqsBefore;

    /// <param name="seqsBefore">Messages each conversation had before (from an earlier phase on the same server).</param>
    public DeliveryPlan(IReadOnlyList<string> users, IReadOnlyList<SendTarget> targets, int messagesPerClient, IReadOnlyDictionary<string, int>? seqsBefore = null)
    {
        _seqsBefore = seqsBefore ?? new Dictionary<string, int>();
        for (var i = 0; i < users.Count; i++)
        {
            var conversation = targets[i].ConversationFrom(users[i]);
            _messages[conversation] = _messages.GetValueOrDefault(conversation) + messagesPerClient;

            // Everyone is in general (the only room the scenarios use); a direct message reaches its two users.
            _participants[conversation] = targets[i].UserName is { } to ? [users[i], to] : [.. users];
        }
    }

    /// <summary>Every conversation and how many messages it gets (so its seqs must be exactly first..first+count-1).</summary>
    public IReadOnlyDictionary<string, int> Messages => _messages;

    /// <summary>The seq of a conversation's first message in this plan.</summary>
    public long FirstSeq(string conversation) => _seqsBefore.GetValueOrDefault(conversation) + 1;

    /// <summary>How many messages each conversation has once this plan is done: the next phase's starting point.</summary>
    public IReadOnlyDictionary<string, int> SeqsAfter =>
        _seqsBefore.Keys.Union(_messages.Keys)
            .ToDictionary(c => c, c => _seqsBefore.GetValueOrDefault(c) + _messages.GetValueOrDefault(c), StringComparer.Ordinal);

    /// <summary>The conversations <paramref name="user"/> takes part in, with their message counts.</summary>
    public IEnumerable<KeyValuePair<string, int>> ConversationsOf(string user) =>
        _messages.Where(c => _participants[c.Key].Contains(user));

    /// <summary>How many message events <paramref name="user"/>'s socket must receive.</summary>
    public int DeliveriesTo(string user) => ConversationsOf(user).Sum(c => c.Value);
}
