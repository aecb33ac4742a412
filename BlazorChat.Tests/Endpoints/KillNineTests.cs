using System.Collections.Concurrent;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Acknowledged means durable: SIGKILL the server mid-flood and count what survived.</summary>
public sealed class KillNineTests
{
    [Fact]
    public async Task AfterKill9_EveryAcknowledgedMessageIsThere_WithGapFreeSeqs()
    {
        var data = Directory.CreateTempSubdirectory("blazorchat-kill-").FullName;
        var acknowledged = new ConcurrentDictionary<string, long>();
        string token;
        await using (var app = await AppProcess.StartAsync(data))
        {
            using var api = new ChatApi(app.BaseAddress);
            var senders = new List<TestSocket>();
            for (var i = 0; i < 4; i++)
            {
                var name = await api.NewUserAsync("k");
                var socket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(name));
                await socket.ReceiveAsync();
                senders.Add(socket);
            }

            token = await api.TokenAsync(await api.NewUserAsync("reader"));
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var floods = senders.Select((socket, s) => Task.Run(async () =>
            {
                // Bounded: at most 2,000 messages a socket, or until the server dies.
                for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
                {
                    var text = $"s{s}-{i}";
                    try
                    {
                        var reply = await socket.RequestAsync(new { type = "send", room = "general", text });
                        if (reply.GetProperty("ok").GetBoolean())
                        {
                            acknowledged[text] = reply.GetProperty("seq").GetInt64();
                            if (acknowledged.Count >= 300)
                            {
                                enough.TrySetResult(); // kill while the floods are still sending
                            }
                        }
                    }
                    catch (Exception ex) when (ex is WebSocketException or WebSocketClosedException or OperationCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            await Task.WhenAny(enough.Task, Task.WhenAll(floods));

            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(floods);
            foreach (var socket in senders)
            {
                socket.Socket.Abort();
                socket.Socket.Dispose();
            }
        }

        await using var restarted = await AppProcess.StartAsync(data);
        await using var reader = await TestSocket.ConnectAsync(restarted.SocketUri, token);
        await reader.ReceiveAsync();
        var stored = new Dictionary<string, long>();
        long? before = null;
        while (true)
        {
            var page = await reader.RequestAsync(before is null ? new { type = "history", room = "general", limit = 100 } : (object)new { type = "history", room = "general", limit = 100, beforeSeq = before });
            var messages = page.GetProperty("messages").EnumerateArray().ToList();
            foreach (var m in messages)
            {
                stored[m.GetProperty("text").GetString()!] = m.GetProperty("seq").GetInt64();
            }

            if (messages.Count < 100)
            {
                break;
            }

            before = messages[0].GetProperty("seq").GetInt64();
        }

        Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} messages were acknowledged before the kill");
        Assert.All(acknowledged, ack => Assert.Equal(ack.Value, Assert.Contains(ack.Key, (IReadOnlyDictionary<string, long>)stored)));
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Values.Order());
        Directory.Delete(data, recursive: true);
    }
}
