using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// One of the two references (bench/KestrelBroadcast, bench/node-broadcast) as a child process on a free 127.0.0.1
/// port: ready once <c>GET /</c> answers. A client of group G connects to <c>/ws?room=G</c>. Disposing kills it.
/// </summary>
internal sealed class ReferenceServer : IFanoutServer
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly LastLines _output;

    private ReferenceServer(string name, Process process, LastLines output, int port) => (Name, _process, _output, Port) = (name, process, output, port);

    public string Name { get; }

    public bool IsBlazorChat => false;

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string RecentOutput => _output.ToString();

    public static Task<ReferenceServer> StartKestrelAsync(string dll, CancellationToken cancellationToken)
    {
        var port = FreePort();
        return StartAsync("kestrel", "dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], port, null, cancellationToken);
    }

    public static Task<ReferenceServer> StartNodeAsync(string script, string nodeModules, CancellationToken cancellationToken)
    {
        var port = FreePort();
        return StartAsync("node", "node", [script, port.ToString()], port, nodeModules, cancellationToken);
    }

    public Uri SocketUri(FanoutGroup group) => new($"ws://127.0.0.1:{Port}/ws?room={Uri.EscapeDataString(group.Name)}");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<ReferenceServer> StartAsync(
        string name, string program, IReadOnlyList<string> arguments, int port, string? nodePath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (nodePath is not null)
        {
            start.Environment["NODE_PATH"] = nodePath;
        }

        var output = new LastLines(40);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ReferenceServer(name, process, output, port);
        try
        {
            await WaitUntilReadyAsync(server, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <c>GET /</c> until it answers (a condition, with a deadline), or the process exits.</summary>
    private static async Task WaitUntilReadyAsync(ReferenceServer server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartDeadline)
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"{server.Name} exited while starting:\n{server.RecentOutput}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/"), cancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"{server.Name} did not answer GET / within {StartDeadline.TotalSeconds:0} s:\n{server.RecentOutput}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
