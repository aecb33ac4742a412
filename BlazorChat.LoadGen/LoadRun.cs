using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>
/// One phase against one or more running server nodes: connects one socket for each user (user <c>i</c> to node
/// <c>i % nodes</c>), then every client sends its messages at once (or paced); the clock runs from the first send to
/// the last acknowledgement (messages/s) and to the last delivery (deliveries/s). It waits for every <c>message</c>
/// event — at most <see cref="DeliveryGrace"/> after the last acknowledgement — closes the sockets, and checks the
/// whole phase (<see cref="RunCheck"/>), so a lost or repeated delivery is reported by socket and seq.
/// </summary>
internal static class LoadRun
{
    /// <summary>Longer than a node's sweep against the store (5 s), which fills what a lost notice left out.</summary>
    private static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(20);

    /// <summary>After the last expected delivery, so that a late duplicate is still seen.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    public static async Task<RunResult> RunAsync(
        IReadOnlyList<ServerProcess> nodes, IReadOnlyDictionary<string, string> tokens, LoadPhase phase, CpuMeter? meter,
        CancellationToken cancellationToken)
    {
        var users = phase.Users;
        var nodeOfUser = users.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i % nodes.Count, StringComparer.Ordinal);
        var targets = users.Select((_, i) => phase.Scenario.TargetOf(i, users)).ToArray();
        var plan = new DeliveryPlan(users, targets, phase.Messages, phase.SeqsBefore);
        var clients = new List<LoadClient>();
        long started;
        CpuUsage? cpu = null;
        try
        {
            foreach (var user in users)
            {
                var node = nodeOfUser[user];
                clients.Add(await LoadClient.ConnectAsync(
                    nodes[node].SocketUri, node, nodeOfUser, user, tokens[user], phase.Messages, phase.Window, cancellationToken));
            }

            foreach (var client in clients)
            {
                client.ExpectDeliveries(plan.DeliveriesTo(client.User));
            }

            var cpuBefore = meter is null ? null : await meter.TakeAsync();
            started = Stopwatch.GetTimestamp();
            var paces = clients.Select((_, i) => phase.Rate is { } rate ? Pace.For(i, clients.Count, rate, started) : null).ToArray();
            await Task.WhenAll(clients.Select((c, i) => c.SendAllAsync(targets[i], paces[i], phase.Tag, cancellationToken)));
            await Task.WhenAll(clients.Select(c => c.AllAcknowledged)).WaitAsync(cancellationToken);
            try
            {
                await Task.WhenAll(clients.Select(c => c.AllDelivered)).WaitAsync(DeliveryGrace, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Something was not delivered: the check below says what.
            }

            if (cpuBefore is not null)
            {
                cpu = (await meter!.TakeAsync()).Since(cpuBefore);
            }

            await Task.Delay(Settle, cancellationToken);
        }
        finally
        {
            // Closed before the check, so that no receive loop still writes what it reads.
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }

        return RunResult.From(clients, started, cpu, RunCheck.Problems(clients, targets, plan)) with { SeqsAfter = plan.SeqsAfter };
    }
}
