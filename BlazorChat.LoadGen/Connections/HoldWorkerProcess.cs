using System.Diagnostics;
using System.Globalization;

namespace BlazorChat.LoadGen.Connections;

/// <summary>A child process of this program that holds a share of the clients (<see cref="HoldWorker"/>). Disposing ends it.</summary>
internal sealed class HoldWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HoldWorkerProcess(Process process) => _process = process;

    public int Connected { get; private set; }

    /// <summary>What the clients that failed saw, and how many saw it.</summary>
    public Dictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public static HoldWorkerProcess Start(Uri uri, int first, int count, string? tokensFile, ConnectionsOptions options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        var args = new List<string>
        {
            typeof(HoldWorker).Assembly.Location, ConnectionsCommand.Name, HoldWorker.Flag, "--uri", uri.ToString(), "--first", Text(first), "--count", Text(count),
            "--sources", Text(options.Sources), "--concurrency", Text(options.Concurrency),
            "--connect-timeout", Text((int)options.ConnectTimeout.TotalSeconds),
        };
        if (tokensFile is not null)
        {
            args.AddRange(["--tokens", tokensFile]);
        }

        args.ForEach(start.ArgumentList.Add);
        return new HoldWorkerProcess(Process.Start(start)!);
    }

    /// <summary>Reads what the worker's connects came to, once they are all done.</summary>
    public async Task ReadOutcomeAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line && line != "end")
        {
            var parts = line.Split(' ', 3);
            if (parts[0] == "connected")
            {
                Connected = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "failed")
            {
                Failures[parts[2]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        if (_process.HasExited)
        {
            throw new InvalidOperationException($"a client process exited with code {_process.ExitCode} before it reported");
        }
    }

    /// <summary>Closes <paramref name="count"/> of the worker's connected sockets.</summary>
    public async Task ReleaseAsync(int count, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync($"release {count}".AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        await _process.StandardOutput.ReadLineAsync(cancellationToken); // "released N"
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
