using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>
/// One scenario against one running server: connects one socket for each user, then every client sends
/// its messages at once; the clock runs from the first send to the last acknowledgement. Afterwards it waits for
/// every <c>message</c> event and checks the whole run (<see cref="RunCheck"/>).
/// </summary>
internal static class LoadRun
{
    public static async Task<RunResult> RunAsync(
        ServerProcess server, Scenario scenario, IReadOnlyList<string> users, IReadOnlyDictionary<string, string> tokens,
        int messages, int window, CancellationToken cancellationToken)
    {
        var clients = new List<LoadClient>();
        try
        {
            foreach (var user in users)
            {
                clients.Add(await LoadClient.ConnectAsync(server.SocketUri, user, tokens[user], messages, window, cancellationToken));
            }

            var targets = users.Select((_, i) => scenario.TargetOf(i, users)).ToArray();
            var plan = new DeliveryPlan(users, targets, messages);
            foreach (var client in clients)
            {
                client.ExpectDeliveries(plan.DeliveriesTo(client.User));
            }

            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(clients.Select((c, i) => c.SendAllAsync(targets[i], cancellationToken)));
            await Task.WhenAll(clients.Select(c => c.AllAcknowledged)).WaitAsync(cancellationToken);
            var lastAck = clients.SelectMany(c => c.Acks).Max(a => a.AckedAt);
            await Task.WhenAll(clients.Select(c => c.AllDelivered)).WaitAsync(cancellationToken);

            var problems = RunCheck.Problems(clients, targets, plan);
            return RunResult.From(clients, Stopwatch.GetElapsedTime(started, lastAck), problems);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
