using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlazorChat.LoadGen;

/// <summary>
/// The built BlazorChat.Web.dll as a child process on a free 127.0.0.1 port, on the given <see cref="ServerData"/>,
/// with its limits raised so that only the server's own work bounds throughput. Disposing kills it (SIGKILL); the
/// data stays with its owner.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private const string Unlimited = "1000000";

    private readonly Process _process;
    private readonly LastLines _output;

    private ServerProcess(Process process, LastLines output, int port)
    {
        (_process, _output) = (process, output);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        SocketUri = new Uri($"ws://127.0.0.1:{port}/ws");
    }

    public Uri BaseAddress { get; }

    public Uri SocketUri { get; }

    /// <summary>The server's last lines of output, to explain a failure.</summary>
    public string RecentOutput => _output.ToString();

    /// <summary>The process id, to read its CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <param name="maxBatchSize"><c>Persistence:MaxBatchSize</c>, or null for the server's default.</param>
    /// <param name="moreSettings">More command-line settings (<c>--Section:Key value</c> pairs), e.g. the backplane's.</param>
    /// <param name="fileLimit">An open-file limit to start the server under (see <see cref="FileLimitedStart"/>), or null for the inherited one.</param>
    public static async Task<ServerProcess> StartAsync(
        string serverDll, ServerData data, int? maxBatchSize, IReadOnlyList<string>? moreSettings = null, int? fileLimit = null,
        CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var webBin = Path.GetDirectoryName(serverDll)!;
        var settings = new List<string>
        {
            serverDll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Production", "--contentRoot", webBin,
            "--Chat:DataDirectory", data.Directory, "--Chat:TokenLifetime", "1.00:00:00",
            "--Chat:SendBurst", Unlimited, "--Chat:SendsPerSecond", Unlimited, "--Chat:SocketRequestsPerSecond", Unlimited,
            "--Chat:AbuseThreshold", Unlimited, "--Chat:OutboundQueueCapacity", Unlimited,
        };
        if (maxBatchSize is { } batch)
        {
            settings.AddRange(["--Persistence:MaxBatchSize", batch.ToString()]);
        }

        if (data.Database is { } database)
        {
            settings.AddRange(["--Persistence:Provider", "Postgres", "--ConnectionStrings:Chat", database.ConnectionString]);
        }

        settings.AddRange(moreSettings ?? []);

        var start = FileLimitedStart.Create("dotnet", settings, fileLimit);
        start.WorkingDirectory = webBin;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var output = new LastLines(40);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            output.Add(line.Data);
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The server exited while starting:\n{output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, output, port);
        try
        {
            await started.Task.WaitAsync(StartDeadline, cancellationToken);
            return server;
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not start within {StartDeadline.TotalSeconds:0} s:\n{output}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
