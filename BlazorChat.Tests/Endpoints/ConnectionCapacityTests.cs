using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Hosting;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// The server keeps its connections within its file limit: past the budget a socket is refused with 503, the server
/// keeps serving the others, and a freed place can be taken again — rather than the process dying out of descriptors.
/// </summary>
public sealed class ConnectionCapacityTests
{
    [Fact]
    public async Task PastTheLimitOfUpgradedConnections_ASocketGets503WithRetryAfter_AndTheOthersKeepWorking()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Kestrel:Limits:MaxConcurrentUpgradedConnections"] = "2";
        using var api = app.Api();
        var token = await api.TokenAsync(await api.NewUserAsync("full"));
        await using var first = await TestSocket.ConnectAsync(app.SocketUri, token);
        await first.ReceiveTypeAsync("hello");
        var second = await TestSocket.ConnectAsync(app.SocketUri, token);
        await second.ReceiveTypeAsync("hello");

        using var refused = new ClientWebSocket();
        refused.Options.SetRequestHeader("Authorization", "Bearer " + token);
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(app.SocketUri, TestContext.Current.CancellationToken));
        var stillServed = await first.RequestAsync(new { type = "ping" });
        await second.DisposeAsync();
        await using var afterOneClosed = await SocketCapsTests.ConnectWhenFreedAsync(app.SocketUri, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
        Assert.True(refused.HttpResponseHeaders!.ContainsKey("Retry-After"));
        Assert.True(stillServed.GetProperty("ok").GetBoolean());
        Assert.Equal("hello", (await afterOneClosed.ReceiveTypeAsync("hello")).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(20_000, 18_500, 1_000)] // this machine: 18,000 idle sockets fit, with 500 descriptors to spare
    [InlineData(1_024, 704, 64)] // a common default: the runtime, the database and logs keep 256
    [InlineData(1_048_576, 1_036_288, 8_192)]
    public void TheBudget_LeavesDescriptorsForTheRuntime_AndGivesMostToUpgradedConnections(long fileLimit, long upgraded, long plain)
    {
        var capacity = ConnectionCapacity.For(fileLimit);

        Assert.Equal(new ConnectionCapacity(upgraded, plain), capacity);
        Assert.True(capacity.Upgraded + capacity.Plain < fileLimit);
    }

    [Fact]
    public void TheFileLimit_IsReadFromProcLimits_AndUnlimitedMeansNone()
    {
        var limits = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(limits, [
                "Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             95864                95864                processes",
                "Max open files            20000                40000                files",
            ]);
            Assert.Equal(20_000, ConnectionCapacity.ReadFileLimit(limits));

            File.WriteAllLines(limits, ["Max open files            unlimited            unlimited            files"]);
            Assert.Null(ConnectionCapacity.ReadFileLimit(limits));
        }
        finally
        {
            File.Delete(limits);
        }
    }
}
