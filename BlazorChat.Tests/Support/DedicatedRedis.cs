using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace BlazorChat.Tests.Support;

/// <summary>
/// A redis-server of one test's own, on a free loopback port, for what the shared server must not suffer: being paused
/// or killed. Needs the redis-server that the test script installs.
/// </summary>
public sealed class DedicatedRedis : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private readonly Process _process;

    private DedicatedRedis(Process process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts the server and returns once it answers PING.</summary>
    public static async Task<DedicatedRedis> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { }; // drained, never read
        process.BeginOutputReadLine();
        var server = new DedicatedRedis(process, port);
        var waited = Stopwatch.StartNew();
        while (!await server.AnswersAsync())
        {
            if (process.HasExited || waited.Elapsed > StartDeadline)
            {
                await server.DisposeAsync();
                Assert.Fail($"redis-server on port {port} did not answer within {StartDeadline.TotalSeconds} s.");
            }

            await Task.Delay(50); // polling a condition, with a deadline
        }

        return server;
    }

    /// <summary>Admin options for this server (CLIENT PAUSE, CLIENT LIST).</summary>
    public ConfigurationOptions AdminOptions()
    {
        var options = ConfigurationOptions.Parse(Address);
        options.AllowAdmin = true;
        return options;
    }

    /// <summary>Kills the server at once, as a crash: every connection to it is lost.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var reply = new byte[7];
            var read = await stream.ReadAsync(reply);
            return read >= 5 && reply.AsSpan(0, 5).SequenceEqual("+PONG"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
