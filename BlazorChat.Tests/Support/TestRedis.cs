using System.Net;
using StackExchange.Redis;

namespace BlazorChat.Tests.Support;

/// <summary>
/// The Redis server that the test script starts (BLAZORCHAT_TEST_REDIS, e.g. <c>127.0.0.1:6390</c>); outside CI,
/// without that server, the tests say so and are skipped. Tests share it: each picks a channel prefix of its own.
/// </summary>
public static class TestRedis
{
    public const string Variable = "BLAZORCHAT_TEST_REDIS";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException($"{Variable} is not set: call SkipWithoutServer first.");

    /// <summary>The server's port on 127.0.0.1, for a <see cref="TcpProxy"/> in front of it.</summary>
    public static int Port => ConfigurationOptions.Parse(Server).EndPoints[0] switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        var other => throw new InvalidOperationException($"{Variable} names {other}, not a host and port."),
    };

    public static void SkipWithoutServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 })
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") is { Length: > 0 }, $"CI must provide {Variable}.");
            Assert.Skip("No Redis server: run scripts/test.sh, which starts one.");
        }
    }

    /// <summary>A channel prefix no other test uses.</summary>
    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Client options that notice an outage and come back quickly, for <paramref name="server"/> (default: the test server).</summary>
    public static ConfigurationOptions Options(string? server = null)
    {
        var options = ConfigurationOptions.Parse(server ?? Server);
        options.ConnectTimeout = 2000;
        options.ReconnectRetryPolicy = new LinearRetry(200);
        return options;
    }
}
