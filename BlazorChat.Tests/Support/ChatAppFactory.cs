using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorChat.Tests.Support;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) with its own temporary data directory and SQLite database.
/// Generous rate limits unless a test sets its own.
/// </summary>
public class ChatAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly int _port;
    private bool _started;

    public ChatAppFactory()
        : this(null, 0)
    {
    }

    /// <param name="dataDirectory">Another server's data directory, to start it again on the same data.</param>
    /// <param name="port">A fixed port, to come back on the same address; 0 for any free port.</param>
    internal ChatAppFactory(string? dataDirectory, int port)
    {
        _dataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("blazorchat-test-").FullName;
        _port = port;
        Settings["Chat:DataDirectory"] = _dataDirectory;
        Settings["Chat:SendBurst"] = "100000";
        Settings["Chat:SendsPerSecond"] = "100000";
        Settings["Chat:SocketRequestsPerSecond"] = "100000";
    }

    /// <summary>Configuration overrides, applied when the server starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public string DataDirectory => _dataDirectory;

    /// <summary>What the server logged, from its start.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Replaces services of the app, applied when the server starts (e.g. a failing store).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Leave the data directory in place on dispose, for a restart on the same data.</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>; starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            EnsureStarted();
            return ClientOptions.BaseAddress;
        }
    }

    public Uri SocketUri => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri;

    public void EnsureStarted()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        UseKestrel(_port);
        StartServer();
    }

    public ChatApi Api()
    {
        EnsureStarted();
        return new ChatApi(BaseAddress);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (KeepDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by SQLite's pool: the temp folder is cleaned by the OS.
        }
    }
}
