using System.Text;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// Users spread over the nodes, each with sockets on two of them, all in one fresh room, each in a direct conversation
/// with the next user: every socket sends, with several requests outstanding, until told to stop; then every member's
/// stream of every conversation must be exactly what was stored, from where it started to the last seq.
/// </summary>
internal sealed class Workload : IAsyncDisposable
{
    private const int MaxPerClient = 2000;
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _senders = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private Workload(ClusterNodes cluster, string room) => (Cluster, Room) = (cluster, room);

    public ClusterNodes Cluster { get; }

    public string Room { get; }

    public List<ChatClient> Clients { get; } = [];

    public Ledger Acks { get; } = new();

    /// <summary>Each user's direct partner: the next user, round the circle.</summary>
    public Dictionary<string, string> Partner { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registers <paramref name="users"/> users through the nodes in turn (each gets its token from another node),
    /// connects each user's first socket to node <c>u mod n</c>, joins the fresh room there, then connects a second
    /// socket to the next node, which finds the membership in the database. Nothing is sent before all are connected,
    /// so every stream starts at 0.
    /// </summary>
    public static async Task<Workload> SetUpAsync(ClusterNodes cluster, int users, int socketsPerUser = 2)
    {
        var workload = new Workload(cluster, "load-" + Guid.NewGuid().ToString("N")[..10]);
        var nodes = cluster.Nodes.Count;
        var names = await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            using var registrar = cluster[u % nodes].Api();
            var name = await registrar.NewUserAsync($"u{u}x");
            using var issuer = cluster[(u + 1) % nodes].Api();
            return (Name: name, Token: await issuer.TokenAsync(name));
        }));
        for (var u = 0; u < users; u++)
        {
            workload.Partner[names[u].Name] = names[(u + 1) % users].Name;
        }

        foreach (var socket in Enumerable.Range(0, socketsPerUser))
        {
            var clients = await Task.WhenAll(names.Select((n, u) =>
                ChatClient.ConnectAsync(socket * users + u, n.Name, n.Token, cluster.SocketUris, (u + socket) % nodes)));
            workload.Clients.AddRange(clients);
            if (socket == 0)
            {
                await Task.WhenAll(clients.Select(async c =>
                {
                    var joined = await c.RequestAsync(new { type = "join", room = workload.Room });
                    Assert.True(joined.GetProperty("ok").GetBoolean(), joined.ToString());
                    Assert.Equal(0, joined.GetProperty("seq").GetInt64()); // a fresh room, nothing sent yet
                }));
            }
            else
            {
                Assert.All(clients, c => Assert.Contains(workload.Room, c.Hello.GetProperty("rooms").EnumerateArray().Select(r => r.GetString())));
            }
        }

        var partnerOf = workload.Partner.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase); // who has me as partner
        foreach (var client in workload.Clients)
        {
            client.FollowRoom(workload.Room, floor: 0);
            client.FollowDirect(workload.Partner[client.User], floor: 0);
            if (!string.Equals(partnerOf[client.User], workload.Partner[client.User], StringComparison.OrdinalIgnoreCase))
            {
                client.FollowDirect(partnerOf[client.User], floor: 0);
            }
        }

        return workload;
    }

    /// <summary>Every client starts sending: to the room and to its direct partner in turn, <paramref name="window"/> at a time.</summary>
    public void Start(int window = 4, Func<ChatClient, bool>? sends = null)
    {
        foreach (var client in Clients.Where(c => sends?.Invoke(c) ?? true))
        {
            _senders.Add(Task.Run(() => SendUntilStoppedAsync(client, window)));
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> sends in all were acknowledged (or <paramref name="matching"/> ones).</summary>
    public async Task AcknowledgedAsync(int count, Func<Ack, bool>? matching = null, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(30);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((matching is null ? Acks.Count : Acks.All.Count(matching)) < count)
        {
            Assert.True(waited.Elapsed < limit, $"Fewer than {count} acknowledgements within {limit.TotalSeconds} s.{Environment.NewLine}{Cluster.Diagnostics()}");
            Assert.DoesNotContain(_senders, s => s.IsFaulted);
            await Task.Delay(10); // polling the acknowledgements, with a deadline
        }
    }

    /// <summary>Stops the senders and waits for their outstanding sends to be acknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
    }

    /// <summary>
    /// What the ledger and the database say, and then every member's stream of every conversation, once the streams
    /// have had time to settle: exact, in order, from its floor to the conversation's last seq, matching the ledger.
    /// </summary>
    public async Task VerifyAsync(IEnumerable<ChatClient>? only = null)
    {
        var problems = new List<string>();
        var ledger = Acks.ByConversation(problems);
        foreach (var (conversation, acks) in ledger)
        {
            // Read by a member on a running node: the room's members are everyone, a direct conversation's its two users.
            var reader = Clients.First(c => Cluster[c.NodeIndex].IsRunning && c.Conversations.Contains(conversation));
            await CheckStoredAsync(reader, conversation, acks, problems);
        }

        var members = (only ?? Clients).ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < SettleDeadline && !members.All(c => c.Conversations.All(k => c.TranscriptOf(k).Replay(c.FloorOf(k)).Held >= LastOf(ledger, k))))
        {
            await Task.Delay(20); // polling the clients' streams, with a deadline; a stream that never gets there is reported below
        }

        foreach (var client in members)
        {
            foreach (var conversation in client.Conversations)
            {
                var replayed = client.TranscriptOf(conversation).Replay(client.FloorOf(conversation));
                var last = LastOf(ledger, conversation);
                var who = $"{client.User}#{client.Id} (node {client.NodeIndex}, {client.Connections} connection(s)) {conversation}";
                problems.AddRange(replayed.Problems.Take(5).Select(p => $"{who}: {p}"));
                if (replayed.Held != last)
                {
                    problems.Add($"{who}: holds through {replayed.Held}, the last is {last}");
                }

                foreach (var (seq, id) in replayed.MessageIds)
                {
                    if (ledger.TryGetValue(conversation, out var acks) && acks.TryGetValue(seq, out var ack) && ack.MessageId != id)
                    {
                        problems.Add($"{who}: seq {seq} is {id}, acknowledged as {ack.MessageId}");
                    }
                }
            }

            if (client.ReconnectFault is { } fault)
            {
                problems.Add($"{client.User}#{client.Id}: reconnect failed: {fault.Message}");
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var client in Clients)
        {
            await client.DisposeAsync();
        }

        _stop.Dispose();
    }

    private static long LastOf(IReadOnlyDictionary<string, SortedDictionary<long, Ack>> ledger, string conversation) =>
        ledger.TryGetValue(conversation, out var acks) ? acks.Keys.Max() : 0;

    private async Task SendUntilStoppedAsync(ChatClient client, int window)
    {
        using var outstanding = new SemaphoreSlim(window);
        var sends = new List<Task>();
        var targets = new[] { (Room: (string?)Room, To: (string?)null), (null, Partner[client.User]) };
        for (var i = 0; i < MaxPerClient && !_stop.IsCancellationRequested; i++)
        {
            await outstanding.WaitAsync();
            var (room, to) = targets[i % targets.Length];
            var text = $"{client.Id}-{i}";
            sends.Add(SendOneAsync(client, room, to, text, $"{_run}-{text}", outstanding));
        }

        await Task.WhenAll(sends);
    }

    private async Task SendOneAsync(ChatClient client, string? room, string? to, string text, string clientMsgId, SemaphoreSlim outstanding)
    {
        try
        {
            Acks.Add(await client.SendAsync(room, to, text, clientMsgId));
        }
        finally
        {
            outstanding.Release();
        }
    }

    /// <summary>Reads the whole conversation from the database, forwards, and compares it with the ledger.</summary>
    private static async Task CheckStoredAsync(ChatClient reader, string conversation, SortedDictionary<long, Ack> acks, List<string> problems)
    {
        var target = conversation.StartsWith("room:", StringComparison.Ordinal) ? conversation[5..] : null;
        var with = target is null ? conversation[3..].Split('|').First(u => !string.Equals(u, reader.User, StringComparison.OrdinalIgnoreCase)) : null;
        var stored = new List<(long Seq, string Id)>();
        long after = 0;
        for (var page = 0; page < 1000; page++)
        {
            var reply = target is not null
                ? await reader.RequestAsync(new { type = "history", room = target, afterSeq = after, limit = 100 })
                : await reader.RequestAsync(new { type = "history", with = with!, afterSeq = after, limit = 100 });
            var messages = reply.GetProperty("messages").EnumerateArray().ToList();
            stored.AddRange(messages.Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("messageId").GetString()!)));
            if (messages.Count < 100)
            {
                break;
            }

            after = stored[^1].Seq;
        }

        if (!stored.Select(s => s.Seq).SequenceEqual(acks.Keys))
        {
            problems.Add($"{conversation}: the database holds seqs {Ranges(stored.Select(s => s.Seq))}, acknowledged were {Ranges(acks.Keys)}");
        }

        problems.AddRange(stored.Where(s => acks.TryGetValue(s.Seq, out var a) && a.MessageId != s.Id)
            .Take(5).Select(s => $"{conversation}: the database has {s.Id} at seq {s.Seq}, acknowledged was {acks[s.Seq].MessageId}"));
    }

    private static string Ranges(IEnumerable<long> seqs)
    {
        var text = new StringBuilder();
        long? start = null, previous = null;
        foreach (var seq in seqs.Append(long.MaxValue))
        {
            if (previous is { } p && seq == p + 1)
            {
                previous = seq;
                continue;
            }

            if (start is { } s)
            {
                text.Append(text.Length > 0 ? "," : "").Append(s == previous ? $"{s}" : $"{s}-{previous}");
            }

            (start, previous) = (seq, seq);
        }

        return text.Length == 0 ? "none" : text.ToString();
    }

    private static string Report(List<string> problems) =>
        $"{problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(40))}";
}
