using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;
using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// <c>/health</c> (the process answers) and <c>/health/ready</c> (the database answers; the backplane is reported but a
/// down backplane does not take the node out), anonymous, JSON, without secrets.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Liveness_And_Readiness_AreHealthy_ForAnyone_WithEachCheckListed()
    {
        await using var app = new ChatAppFactory();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var (liveStatus, live) = await GetAsync(http, "/health");
        var (readyStatus, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal([("database", "Healthy"), ("backplane", "Healthy")], Checks(ready).Select(c => (c.Name, c.Status)));
        Assert.All(Checks(ready), c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Fact]
    public async Task Readiness_WithTheBackplaneDown_StaysOk_AndReportsItDegraded()
    {
        var backplane = new InMemoryChatBackplane();
        await using var app = new ChatAppFactory { ConfigureServices = s => s.AddSingleton<IChatBackplane>(backplane) };
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        backplane.Disconnect();
        var (status, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status); // the node still serves its own clients: the proxy keeps it
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        Assert.Equal([("database", "Healthy"), ("backplane", "Degraded")], Checks(ready).Select(c => (c.Name, c.Status)));
    }

    [Fact]
    public async Task Readiness_WhenTheSqliteFileIsGone_Is503_WhileLivenessStaysOk_AndNoPathIsShown()
    {
        var folder = Directory.CreateTempSubdirectory("blazorchat-health-").FullName;
        var file = Path.Combine(folder, "chat.db");
        await using var app = new ChatAppFactory();
        // Without pooling every query opens the file anew, so it fails as soon as the folder is gone.
        app.Settings["ConnectionStrings:Chat"] = $"Data Source={file};Pooling=False";
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/health/ready")).Status);

        Directory.Delete(folder, recursive: true);
        var (status, ready) = await GetAsync(http, "/health/ready");
        var raw = await http.GetStringAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
        Assert.Equal([("database", "Unhealthy"), ("backplane", "Healthy")], Checks(ready).Select(c => (c.Name, c.Status)));
        Assert.DoesNotContain(folder, ready.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"Healthy\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_WhilePostgresIsUnreachable_Is503_WithoutTheConnectionString_AndOkOnceItIsBack()
    {
        PostgresStoreDatabase.SkipWithoutServer();
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES"));
        await using var proxy = new TcpProxy(server.Port);
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString)
        {
            Port = proxy.BaseAddress.Port,
            Database = $"bc_{Guid.NewGuid():N}",
        };
        await using var app = new ChatAppFactory();
        app.Settings["Persistence:Provider"] = "Postgres";
        app.Settings["ConnectionStrings:Chat"] = database.ConnectionString;
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/health/ready")).Status);

            proxy.Cut();
            var (status, ready) = await GetAsync(http, "/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal([("database", "Unhealthy"), ("backplane", "Healthy")], Checks(ready).Select(c => (c.Name, c.Status)));
            Assert.DoesNotContain(server.Password!, ready.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(database.Database!, ready.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(proxy.BaseAddress.Port.ToString(), ready.GetRawText(), StringComparison.Ordinal);

            proxy.Restore();
            await WaitForReadyAsync(http); // a pooled connection the cut broke may fail one more check
        }
        finally
        {
            await using var drop = new NpgsqlConnection(server.ConnectionString);
            await drop.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Database}\" WITH (FORCE)", drop);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task WaitForReadyAsync(HttpClient http)
    {
        using var deadline = new CancellationTokenSource(TestSocket.Deadline);
        while ((await GetAsync(http, "/health/ready")).Status != HttpStatusCode.OK)
        {
            await Task.Delay(100, deadline.Token); // polling a condition, bounded by the deadline
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    private static List<(string Name, string Status, string Description)> Checks(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("status").GetString()!, c.GetProperty("description").GetString()!))
            .ToList();
}
