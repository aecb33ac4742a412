using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Cluster;

/// <summary>
/// A Redis server of the test's own (redis-server on a free port of 127.0.0.1, nothing saved), so a test can stop it
/// and start it again without touching the server other tests share. Stopped on dispose.
/// </summary>
internal sealed class OwnRedis : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("blazorchat-redis-").FullName;
    private bool _running;

    public int Port { get; } = AppProcess.FreePort();

    public string Server => $"127.0.0.1:{Port}";

    /// <summary>Fails under CI, skips elsewhere, when redis-server is not installed (scripts/test.sh installs it).</summary>
    public static void SkipWithoutServer()
    {
        var installed = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => File.Exists(Path.Combine(dir, "redis-server")) && File.Exists(Path.Combine(dir, "redis-cli")));
        if (!installed)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") is { Length: > 0 }, "CI must have redis-server installed.");
            Assert.Skip("No redis-server: run scripts/test.sh, which installs it.");
        }
    }

    /// <summary>Starts the server (again, on the same port) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        await RunAsync("redis-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", _directory,
            "--pidfile", Path.Combine(_directory, "redis.pid"), "--logfile", Path.Combine(_directory, "redis.log"));
        _running = true;
        var waited = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            Assert.True(waited.Elapsed < Deadline, $"redis-server on port {Port} did not answer within {Deadline.TotalSeconds} s.");
            await Task.Delay(20); // polling the new server, with a deadline
        }
    }

    /// <summary>Stops the server at once (<c>shutdown nosave</c>) and waits until its port refuses connections.</summary>
    public async Task StopAsync()
    {
        await RunAsync("redis-cli", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "shutdown", "nosave");
        _running = false;
        var waited = Stopwatch.StartNew();
        while (await AnswersAsync())
        {
            Assert.True(waited.Elapsed < Deadline, $"redis-server on port {Port} did not stop within {Deadline.TotalSeconds} s.");
            await Task.Delay(20); // polling the stopping server, with a deadline
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            await StopAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
    }
}
