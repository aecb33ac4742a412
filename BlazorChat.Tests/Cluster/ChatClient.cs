using System.Net.WebSockets;
using System.Text.Json;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// A well-behaved client of one user, as docs/protocol.md §10 describes: it records every message of the conversations
/// it follows; when its connection dies it reconnects to the next node that answers, recovers each room with
/// <c>join</c> + <c>afterSeq</c> and each direct conversation with <c>history</c> + <c>afterSeq</c>, and sends again, with
/// the same <c>clientMsgId</c>, whatever was not acknowledged.
/// </summary>
internal sealed partial class ChatClient : IAsyncDisposable
{
    private const int HistoryLimit = 100;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private readonly string _token;
    private readonly IReadOnlyList<Uri> _nodes;
    private readonly bool _reconnects;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Transcript> _transcripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _floors = new(StringComparer.Ordinal);
    private readonly List<string> _rooms = [];
    private readonly List<string> _partners = [];
    private readonly Dictionary<string, bool> _online = new(StringComparer.OrdinalIgnoreCase);
    private NodeSocket? _current;
    private bool _ready;
    private bool _disposing;
    private int _opened;
    private Task _reconnecting = Task.CompletedTask;

    private ChatClient(int id, string user, string token, IReadOnlyList<Uri> nodes, int node, bool reconnects) =>
        (Id, User, _token, _nodes, NodeIndex, _reconnects) = (id, user, token, nodes, node, reconnects);

    /// <summary>This client's number in its workload.</summary>
    public int Id { get; }

    public string User { get; }

    /// <summary>The node it is connected to (or was, last).</summary>
    public int NodeIndex { get; private set; }

    /// <summary>How many connections it opened: 1 unless it had to reconnect.</summary>
    public int Connections { get; private set; }

    /// <summary>Why a connection ended, in order: a close status, or null when the connection just died.</summary>
    public List<WebSocketCloseStatus?> Ends { get; } = [];

    /// <summary>What went wrong while reconnecting, if anything.</summary>
    public Exception? ReconnectFault { get; private set; }

    public JsonElement Hello => _current!.Hello;

    /// <summary>Every presence event, in order: who, and whether online.</summary>
    public List<(string User, bool Online)> PresenceEvents { get; } = [];

    /// <param name="id">The client's number, for messages.</param>
    /// <param name="user">Its user.</param>
    /// <param name="token">The user's access token (any node's: they share their keys).</param>
    /// <param name="nodes">Every node's socket address: after a lost connection it tries the next, and the next.</param>
    /// <param name="node">The node it connects to first.</param>
    /// <param name="reconnects">Whether it reconnects when its connection is lost (a user who just goes away does not).</param>
    public static async Task<ChatClient> ConnectAsync(int id, string user, string token, IReadOnlyList<Uri> nodes, int node, bool reconnects = true)
    {
        var client = new ChatClient(id, user, token, nodes, node, reconnects);
        await client.OpenAsync(node, recovering: false);
        lock (client._gate)
        {
            client._ready = true;
        }

        return client;
    }

    /// <summary>The key of a message's conversation: <c>room:{name}</c> or <c>dm:{a}|{b}</c> (lower case, sorted).</summary>
    public static string ConversationOf(JsonElement message) =>
        message.TryGetProperty("room", out var room) && room.ValueKind == JsonValueKind.String
            ? Room(room.GetString()!)
            : Direct(message.GetProperty("from").GetString()!, message.GetProperty("to").GetString()!);

    public static string Room(string room) => "room:" + room;

    public static string Direct(string a, string b) =>
        string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant()) <= 0
            ? $"dm:{a.ToLowerInvariant()}|{b.ToLowerInvariant()}"
            : $"dm:{b.ToLowerInvariant()}|{a.ToLowerInvariant()}";

    /// <summary>Follows a room this user is a member of, from <paramref name="floor"/> (the seq it held when it started).</summary>
    public void FollowRoom(string room, long floor) => Follow(Room(room), floor, () => _rooms.Add(room));

    /// <summary>Follows the direct conversation with <paramref name="partner"/>, from <paramref name="floor"/>.</summary>
    public void FollowDirect(string partner, long floor) => Follow(Direct(User, partner), floor, () => _partners.Add(partner));

    public Transcript TranscriptOf(string conversation)
    {
        lock (_gate)
        {
            return _transcripts[conversation];
        }
    }

    public long FloorOf(string conversation)
    {
        lock (_gate)
        {
            return _floors[conversation];
        }
    }

    public IReadOnlyCollection<string> Conversations
    {
        get
        {
            lock (_gate)
            {
                return [.. _transcripts.Keys];
            }
        }
    }

    /// <summary>Whether, by its hello and the presence events since, this client sees <paramref name="user"/> online.</summary>
    public bool SeesOnline(string user)
    {
        lock (_gate)
        {
            return _online.GetValueOrDefault(user);
        }
    }

    /// <summary>A request on the current connection (no retry).</summary>
    public async Task<JsonElement> RequestAsync(object request) => await (await ReadySocketAsync()).RequestAsync(request);

    /// <summary>Closes the connection normally, as a user closing the tab; the client does not come back.</summary>
    public async Task CloseAsync()
    {
        NodeSocket? current;
        lock (_gate)
        {
            _disposing = true;
            current = _current;
        }

        if (current is not null)
        {
            await current.DisposeAsync();
        }
    }

    /// <summary>The presence events about <paramref name="user"/>, in order.</summary>
    public IReadOnlyList<bool> PresenceOf(string user)
    {
        lock (_gate)
        {
            return [.. PresenceEvents.Where(p => string.Equals(p.User, user, StringComparison.OrdinalIgnoreCase)).Select(p => p.Online)];
        }
    }

    /// <summary>
    /// Sends until acknowledged: on a lost connection it waits for the reconnect and sends again with the same
    /// <paramref name="clientMsgId"/>; an <c>internal</c> or <c>rate_limited</c> answer is retried too. Bounded.
    /// </summary>
    public async Task<Ack> SendAsync(string? room, string? to, string text, string clientMsgId)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var socket = await ReadySocketAsync();
            JsonElement reply;
            try
            {
                reply = await socket.RequestAsync(room is not null
                    ? new { type = "send", room, text, clientMsgId }
                    : (object)new { type = "send", to, text, clientMsgId });
            }
            catch (SocketLostException ex)
            {
                last = ex;
                continue; // ReadySocketAsync waits for the reconnect
            }

            if (reply.GetProperty("ok").GetBoolean())
            {
                return new Ack(room is not null ? Room(room) : Direct(User, to!), reply.GetProperty("seq").GetInt64(),
                    reply.GetProperty("messageId").GetString()!, clientMsgId, Id);
            }

            var error = reply.GetProperty("error");
            var code = error.GetProperty("code").GetString();
            Assert.True(code is "internal" or "rate_limited", $"{User} on node {NodeIndex}: send refused: {reply}");
            last = new InvalidOperationException(reply.ToString());
            var backOff = error.TryGetProperty("retryAfterMs", out var ms) ? Math.Clamp(ms.GetInt32(), 10, 1000) : 100;
            await Task.Delay(backOff); // the server asked the client to come back later
        }

        throw new InvalidOperationException($"{User}: '{text}' was never acknowledged.", last);
    }

    /// <summary>Waits until the client is connected and recovered; fails past the deadline.</summary>
    public async Task WaitReadyAsync() => await ReadySocketAsync();

    public async ValueTask DisposeAsync()
    {
        NodeSocket? current;
        lock (_gate)
        {
            _disposing = true;
            current = _current;
        }

        if (current is not null)
        {
            await current.DisposeAsync();
        }

        await _reconnecting;
    }

    private void Follow(string conversation, long floor, Action remember)
    {
        lock (_gate)
        {
            _transcripts.Add(conversation, new Transcript(conversation));
            _floors[conversation] = floor;
            remember();
        }
    }

    private async Task<NodeSocket> ReadySocketAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            lock (_gate)
            {
                if (_ready && _current is { Closed.IsCompleted: false } socket)
                {
                    return socket;
                }

                if (!_reconnects && _current is { Closed.IsCompleted: true } lost)
                {
                    throw new SocketLostException(lost.Uri, null);
                }

                if (ReconnectFault is { } fault)
                {
                    throw new InvalidOperationException($"{User} could not reconnect.", fault);
                }
            }

            Assert.True(waited.Elapsed < ReadyDeadline, $"{User} was not connected and recovered within {ReadyDeadline.TotalSeconds} s.");
            await Task.Delay(10); // polling for the reconnect, with a deadline
        }
    }
}
