using System.Collections.Concurrent;
using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// Opens many <see cref="HeldSocket"/>s as fast as the client allows: at most <c>concurrency</c> connects in flight,
/// client <c>i</c> from source address <c>i % K</c> and, for BlazorChat, as user <c>i % users</c>.
/// </summary>
internal sealed class ConnectionOpener(SourceAddresses sources, int concurrency, TimeSpan connectTimeout)
{
    /// <param name="first">The index of the first client (so that several batches spread over users and sources alike).</param>
    /// <param name="tokenOf">The access token of client i, or null for the references.</param>
    public async Task<OpenedSockets> OpenAsync(
        Uri uri, int first, int count, Func<int, string?> tokenOf, FrameTally tally, CancellationToken cancellationToken)
    {
        var sockets = new HeldSocket?[count];
        var failures = new ConcurrentQueue<(int Client, string What)>();
        var start = Stopwatch.GetTimestamp();
        long lastConnected = start;
        await Parallel.ForAsync(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (client, ct) =>
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(connectTimeout);
                try
                {
                    sockets[client - first] = await HeldSocket.ConnectAsync(uri, sources.For(client), tokenOf(client), tally, deadline.Token);
                    var now = Stopwatch.GetTimestamp();
                    long seen;
                    while ((seen = Interlocked.Read(ref lastConnected)) < now && Interlocked.CompareExchange(ref lastConnected, now, seen) != seen)
                    {
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    failures.Enqueue((client, ConnectFailure.Describe(ex, deadline.IsCancellationRequested)));
                }
            });

        return new OpenedSockets([.. sockets.OfType<HeldSocket>()], [.. failures.OrderBy(f => f.Client)], Stopwatch.GetElapsedTime(start, lastConnected));
    }
}

/// <summary>The sockets a batch opened, the clients that failed (and what they saw), and first connect → last connected.</summary>
internal sealed record OpenedSockets(IReadOnlyList<HeldSocket> Sockets, IReadOnlyList<(int Client, string What)> Failures, TimeSpan Elapsed)
{
    public void CloseAll()
    {
        foreach (var socket in Sockets)
        {
            socket.Close();
        }
    }

    /// <summary>"N × what" per kind of failure, most frequent first.</summary>
    public string DescribeFailures() =>
        string.Join("; ", Failures.GroupBy(f => f.What).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} × {g.Key}"));
}
