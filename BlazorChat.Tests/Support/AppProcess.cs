using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlazorChat.Tests.Support;

/// <summary>
/// The app as its own OS process (the built BlazorChat.Web.dll) on 127.0.0.1, so a test can kill it with
/// SIGKILL and start it again on the same data directory.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private AppProcess(Process process, Uri baseAddress, ConcurrentQueue<string> output) =>
        (_process, BaseAddress, _output) = (process, baseAddress, output);

    public Uri BaseAddress { get; }

    /// <summary>Whether the process has ended (killed, or it stopped by itself).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the app wrote (stdout and stderr), for a failing test's message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    public Uri SocketUri => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri;

    /// <param name="dataDirectory">The app's data directory (its SQLite database unless settings choose another).</param>
    /// <param name="port">A fixed port, to come back on the same address; 0 for any free port.</param>
    /// <param name="settings">Configuration on the command line, e.g. <c>Persistence:Provider</c>; after the defaults, so they win.</param>
    public static async Task<AppProcess> StartAsync(
        string dataDirectory, int port = 0, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        port = port == 0 ? FreePort() : port;
        var testBin = Path.GetDirectoryName(typeof(AppProcess).Assembly.Location)!;
        var webBin = testBin.Replace($"{Path.DirectorySeparatorChar}BlazorChat.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}BlazorChat.Web{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webBin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(webBin, "BlazorChat.Web.dll"), "--urls", $"http://127.0.0.1:{port}", "--environment", "Testing",
            "--contentRoot", webBin, "--Chat:DataDirectory", dataDirectory,
            "--Chat:SendBurst", "100000", "--Chat:SendsPerSecond", "100000", "--Chat:SocketRequestsPerSecond", "100000",
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings ?? [])
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        // The host logs "Application started." once Kestrel listens (after the migrations).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var output = new ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            while (output.Count > KeptOutputLines && output.TryDequeue(out _))
            {
            }
        }

        process.OutputDataReceived += (_, line) =>
        {
            Keep(line.Data);
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Exited += (_, _) => started.TrySetException(
            new InvalidOperationException("The app exited while starting:" + Environment.NewLine + string.Join(Environment.NewLine, output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartDeadline);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // a start that timed out leaves no process behind
            }

            await process.WaitForExitAsync();
            process.Dispose();
            throw new InvalidOperationException($"The app did not start ({ex.Message}). Its last output:\n{string.Join('\n', output)}", ex);
        }

        return new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"), output);
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing the app can do about it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
