using System.Diagnostics;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// One phase on connected clients: every receiver gets a fresh ledger, the senders send (within their window, or on
/// a pace), and it ends when every ledger is complete and every BlazorChat send answered — or at the deadline, when
/// whatever is missing is reported as lost. Server readings are taken just before the first send and just after the
/// last delivery.
/// </summary>
internal sealed class FanoutPhase(IFanoutServer server, FanoutLayout layout, IReadOnlyList<FanoutClient> clients)
{
    private readonly long?[] _lastSeqs = new long?[clients.Count];
    private ReceiverLedger[] _lastLedgers = [];
    private int _violationsAtEnd;

    /// <summary>
    /// Deliveries that broke a rule after the last phase ended (a late duplicate, a stray), to be read a moment after
    /// it: the outcome of a phase is taken the instant its last expected delivery arrives.
    /// </summary>
    public int LateViolations => _lastLedgers.Sum(l => l.Violations) - _violationsAtEnd;

    /// <param name="messagesBySender">How many messages each client sends (0 for a non-sender).</param>
    /// <param name="messageRate">Messages per second of all senders together, on a fixed schedule; null to send as fast as the window allows.</param>
    public async Task<PhaseOutcome> RunAsync(
        int phase, IReadOnlyList<int> messagesBySender, double? messageRate, int window, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var ledgers = clients.Select(c => new ReceiverLedger(
            FanoutLayout.UserName(c.Id), phase, layout.ExpectedBy(c.Id, messagesBySender), _lastSeqs[c.Id])).ToArray();
        var done = clients.Select(c => c.BeginPhase(ledgers[c.Id], messagesBySender[c.Id], messageRate is null ? window : 0)).ToArray();
        var senders = layout.Senders.Where(s => messagesBySender[s] > 0).ToArray();
        var problems = new List<string>();
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var before = await ServerReadings.TakeAsync(server, cancellationToken);
        if (before.Sockets != clients.Count)
        {
            // The segment count is only the server's if ss finds exactly its side of each client's connection.
            problems.Add($"phase {phase}: ss found {before.Sockets} established sockets on port {server.Port}, not the {clients.Count} clients' connections.");
        }

        var startedAt = Stopwatch.GetTimestamp();
        var firstAt = startedAt + Stopwatch.Frequency / 100; // 10 ms ahead, so that the first paced sends are not already late
        var sending = senders.Select((s, k) => clients[s].SendAsync(
            phase, messagesBySender[s], messageRate is { } rate ? Pace.For(k, senders.Length, rate, firstAt) : null, stopSending.Token)).ToArray();
        try
        {
            await Task.WhenAll(done).WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            problems.Add($"phase {phase}: not everything arrived (or was answered) within {deadline.TotalSeconds:0} s.");
        }
        catch (InvalidOperationException ex)
        {
            problems.Add($"phase {phase}: {ex.Message}");
        }

        var after = await ServerReadings.TakeAsync(server, cancellationToken);
        await stopSending.CancelAsync();
        await Task.WhenAll(sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var failed in sending.Where(t => t.IsFaulted).Take(3))
        {
            problems.Add($"phase {phase}: a sender failed: {failed.Exception?.InnerException?.Message}");
        }

        foreach (var ledger in ledgers.Select((l, i) => (l, i)))
        {
            _lastSeqs[ledger.i] = ledger.l.LastSeq;
        }

        _lastLedgers = ledgers;
        _violationsAtEnd = ledgers.Sum(l => l.Violations);
        return PhaseOutcome.From(ledgers, startedAt, before, after, problems);
    }
}
