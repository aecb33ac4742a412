using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// A reference server (bench/KestrelBroadcast on dotnet, bench/node-broadcast on node) as a child process on a free
/// 127.0.0.1 port, started once <c>GET /</c> answers. Disposing kills it.
/// </summary>
internal sealed class ReferenceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly LastLines _output;

    private ReferenceProcess(Process process, LastLines output, int port)
    {
        (_process, _output) = (process, output);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string RecentOutput => _output.ToString();

    /// <param name="fileLimit">An open-file limit to start it under (see <see cref="FileLimitedStart"/>), or null for the inherited one.</param>
    public static Task<ReferenceProcess> StartKestrelAsync(string dll, int? fileLimit, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = FileLimitedStart.Create("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], fileLimit);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        return StartAsync(start, port, cancellationToken);
    }

    /// <param name="fileLimit">An open-file limit to start it under (see <see cref="FileLimitedStart"/>), or null for the inherited one.</param>
    public static Task<ReferenceProcess> StartNodeAsync(string script, string nodeModules, int? fileLimit, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = FileLimitedStart.Create("node", [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], fileLimit);
        start.WorkingDirectory = Path.GetDirectoryName(script)!;
        start.Environment["NODE_PATH"] = nodeModules;
        return StartAsync(start, port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<ReferenceProcess> StartAsync(ProcessStartInfo start, int port, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var output = new LastLines(40);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ReferenceProcess(process, output, port);
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{start.FileName} exited while starting:\n{output}");
                }

                try
                {
                    if (await http.GetStringAsync("/", cancellationToken) == "ok")
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                if (deadline.Elapsed > StartDeadline)
                {
                    throw new InvalidOperationException($"{start.FileName} did not answer GET / within {StartDeadline.TotalSeconds:0} s:\n{output}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
