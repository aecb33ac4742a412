using System.Globalization;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// The child side of <see cref="HoldWorkerProcess"/> (<c>connections --hold-worker …</c>): opens its share of the clients, prints
/// what happened, then holds them until told to release some (<c>release N</c> on stdin) or until stdin closes. A
/// process may have at most 20,000 open files here and cannot raise that, so holding more than the server's limit
/// takes several client processes.
/// </summary>
internal static class HoldWorker
{
    public const string Flag = "--hold-worker";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var value = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            value[args[i]] = args[i + 1];
        }

        int Number(string name) => int.Parse(value[name], CultureInfo.InvariantCulture);
        string[]? tokens = value.TryGetValue("--tokens", out var file) ? await File.ReadAllLinesAsync(file) : null;
        using var sources = new SourceAddresses(Number("--sources"));
        var opener = new ConnectionOpener(sources, Number("--concurrency"), TimeSpan.FromSeconds(Number("--connect-timeout")));
        var tally = new FrameTally();
        var opened = await opener.OpenAsync(
            new Uri(value["--uri"]), Number("--first"), Number("--count"), c => tokens?[c % tokens.Length], tally, CancellationToken.None);
        Console.WriteLine($"connected {opened.Sockets.Count}");
        foreach (var kind in opened.Failures.GroupBy(f => f.What))
        {
            Console.WriteLine($"failed {kind.Count()} {kind.Key}");
        }

        Console.WriteLine("end");
        var released = 0;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("release ", StringComparison.Ordinal))
            {
                var count = Math.Min(int.Parse(line["release ".Length..], CultureInfo.InvariantCulture), opened.Sockets.Count - released);
                foreach (var socket in opened.Sockets.Skip(released).Take(count))
                {
                    socket.Close();
                }

                released += count;
                Console.WriteLine($"released {count}");
            }
        }

        foreach (var socket in opened.Sockets.Skip(released))
        {
            socket.Close();
        }

        return 0;
    }
}
