using System.Net.WebSockets;
using System.Text.Json;

namespace BlazorChat.Tests.Cluster;

// Connecting, recording what arrives, and after a lost connection: reconnecting and recovering.
internal sealed partial class ChatClient
{
    /// <summary>Connects to <paramref name="node"/>; when <paramref name="recovering"/>, every followed conversation waits for its recovery.</summary>
    private async Task OpenAsync(int node, bool recovering)
    {
        int connection;
        HashSet<string> pending;
        lock (_gate)
        {
            connection = ++_opened;
            pending = recovering ? [.. _transcripts.Keys] : [];
        }

        var socket = await NodeSocket.ConnectAsync(_nodes[node], _token, frame => OnEvent(frame, connection, pending));
        lock (_gate)
        {
            foreach (var user in socket.Hello.GetProperty("online").EnumerateArray())
            {
                _online[user.GetString()!] = true;
            }

            _current = socket;
            NodeIndex = node;
            Connections++;
        }

        _ = socket.Closed.ContinueWith(closed => OnClosed(socket, closed.Result), TaskScheduler.Default);
        if (recovering)
        {
            await RecoverAsync(socket, connection, pending);
        }
    }

    private void OnEvent(JsonElement frame, int connection, HashSet<string> recovering)
    {
        switch (frame.GetProperty("type").GetString())
        {
            case "message":
                var conversation = ConversationOf(frame);
                lock (_gate)
                {
                    if (_transcripts.TryGetValue(conversation, out var transcript))
                    {
                        var arrival = recovering.Contains(conversation) ? Arrival.LiveWhileRecovering : Arrival.Live;
                        transcript.Add(new(arrival, frame.GetProperty("seq").GetInt64(), frame.GetProperty("messageId").GetString(), connection));
                    }
                }

                break;
            case "presence":
                lock (_gate)
                {
                    var (user, online) = (frame.GetProperty("user").GetString()!, frame.GetProperty("online").GetBoolean());
                    _online[user] = online;
                    PresenceEvents.Add((user, online));
                }

                break;
        }
    }

    // Runs on the reading thread as a recovery reply arrives, so no later live event is recorded before it.
    private void Recovered(int connection, string conversation, JsonElement messages, bool ended, HashSet<string> recovering)
    {
        lock (_gate)
        {
            var transcript = _transcripts[conversation];
            foreach (var m in messages.EnumerateArray())
            {
                transcript.Add(new(Arrival.Recovered, m.GetProperty("seq").GetInt64(), m.GetProperty("messageId").GetString(), connection));
            }

            if (ended)
            {
                transcript.Add(new(Arrival.RecoveryEnded, 0, null, connection));
                recovering.Remove(conversation);
            }
        }
    }

    private async Task RecoverAsync(NodeSocket socket, int connection, HashSet<string> recovering)
    {
        List<string> rooms, partners;
        lock (_gate)
        {
            (rooms, partners) = ([.. _rooms], [.. _partners]);
        }

        foreach (var room in rooms)
        {
            var conversation = Room(room);
            var after = Held(conversation);
            var reply = await socket.RequestAsync(new { type = "join", room, afterSeq = after },
                r => Recovered(connection, conversation, r.GetProperty("messages"), ended: true, recovering));
            Assert.True(reply.GetProperty("ok").GetBoolean() && reply.GetProperty("recovered").GetBoolean(), $"{User} rejoining {room}: {reply}");
        }

        foreach (var partner in partners)
        {
            var conversation = Direct(User, partner);
            var after = Held(conversation);
            for (var page = 0; page < 1000; page++)
            {
                var reply = await socket.RequestAsync(new { type = "history", with = partner, afterSeq = after, limit = HistoryLimit },
                    r => Recovered(connection, conversation, r.GetProperty("messages"), ended: r.GetProperty("messages").GetArrayLength() < HistoryLimit, recovering));
                var messages = reply.GetProperty("messages");
                if (messages.GetArrayLength() < HistoryLimit)
                {
                    break;
                }

                after = messages[messages.GetArrayLength() - 1].GetProperty("seq").GetInt64();
            }
        }
    }

    private long Held(string conversation)
    {
        Transcript transcript;
        long floor;
        lock (_gate)
        {
            (transcript, floor) = (_transcripts[conversation], _floors[conversation]);
        }

        return transcript.Replay(floor).Held;
    }

    private void OnClosed(NodeSocket socket, WebSocketCloseStatus? status)
    {
        lock (_gate)
        {
            Ends.Add(status);
            if (_disposing || !_reconnects || _current != socket || !_ready)
            {
                return; // a connection that dies while it recovers is retried by the reconnect loop itself
            }

            _ready = false;
            _reconnecting = Task.Run(ReconnectAsync);
        }
    }

    private async Task ReconnectAsync()
    {
        var from = NodeIndex;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var node = (from + 1 + attempt) % _nodes.Count;
            try
            {
                await OpenAsync(node, recovering: true);
                lock (_gate)
                {
                    // Closed while recovering: its end did not start a reconnect (not ready yet), so this loop goes on.
                    if (_current is { Closed.IsCompleted: false })
                    {
                        _ready = true;
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or SocketLostException or TimeoutException or OperationCanceledException)
            {
                // That node is down (or died while we recovered): the next one.
                await Task.Delay(50); // a client's back-off between attempts
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    ReconnectFault = ex;
                }

                return;
            }
        }

        lock (_gate)
        {
            ReconnectFault = new InvalidOperationException($"{User}: no node took the reconnect.");
        }
    }
}
