namespace BlazorChat.LoadGen.Fanout;

/// <summary>Who is in which group and who sends: every client is in exactly one group and gets all of its messages.</summary>
internal sealed class FanoutLayout
{
    private readonly int[] _groupOf;

    private FanoutLayout(int clients, IReadOnlyList<FanoutGroup> groups)
    {
        Clients = clients;
        Groups = groups;
        _groupOf = new int[clients];
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var member in groups[g].Members)
            {
                _groupOf[member] = g;
            }
        }
    }

    public int Clients { get; }

    public IReadOnlyList<FanoutGroup> Groups { get; }

    /// <summary>Every sender, in client order.</summary>
    public IEnumerable<int> Senders => Groups.SelectMany(g => g.Senders).Order();

    /// <summary>All clients in BlazorChat's <c>general</c>; the first <paramref name="senders"/> of them send.</summary>
    public static FanoutLayout OneRoom(int clients, int senders) =>
        new(clients, [new FanoutGroup("general", Range(0, clients), Range(0, Math.Min(senders, clients)))]);

    /// <summary><paramref name="rooms"/> rooms of <paramref name="perRoom"/> clients, every client sending to its room.</summary>
    public static FanoutLayout ManyRooms(int rooms, int perRoom) =>
        new(rooms * perRoom, [.. Enumerable.Range(0, rooms).Select(r => new FanoutGroup($"room-{r:D4}", Range(r * perRoom, perRoom), Range(r * perRoom, perRoom)))]);

    /// <summary>Clients 2k and 2k+1 send direct messages to each other.</summary>
    public static FanoutLayout DirectPairs(int pairs) =>
        new(pairs * 2, [.. Enumerable.Range(0, pairs).Select(p => new FanoutGroup($"pair-{p:D4}", Range(2 * p, 2), Range(2 * p, 2), Direct: true))]);

    public FanoutGroup GroupOf(int client) => Groups[_groupOf[client]];

    /// <summary>BlazorChat's user name of a client.</summary>
    public static string UserName(int client) => $"load{client:D4}";

    /// <summary>Whom client <paramref name="sender"/> writes to in BlazorChat: its room, or the other of its pair.</summary>
    public (string? Room, string? To) TargetOf(int sender)
    {
        var group = GroupOf(sender);
        return group.Direct ? (null, UserName(group.Members.First(m => m != sender))) : (group.Name, null);
    }

    /// <summary>What <paramref name="receiver"/> must get in a phase: each sender of its group and its message count.</summary>
    public IReadOnlyDictionary<int, int> ExpectedBy(int receiver, IReadOnlyList<int> messagesBySender) =>
        GroupOf(receiver).Senders.Where(s => messagesBySender[s] > 0).ToDictionary(s => s, s => messagesBySender[s]);

    /// <summary>How many deliveries a phase makes in all.</summary>
    public long Deliveries(IReadOnlyList<int> messagesBySender) =>
        Groups.Sum(g => (long)g.Members.Count * g.Senders.Sum(s => messagesBySender[s]));

    private static int[] Range(int start, int count) => [.. Enumerable.Range(start, count)];
}
