using System.Net;
using System.Net.Http.Headers;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Metrics;

/// <summary>
/// The instruments are on a meter every host in this process names alike, and a host's exporter collects them all: so
/// these tests run alone (no other server in the process meanwhile), and what they read is their own server's.
/// </summary>
[CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
public sealed class MetricsRunAlone;

/// <summary><c>/metrics</c>: absent by default; when on, only for whoever holds the token; and it shows what happened.</summary>
[Collection(nameof(MetricsEndpointTests))]
public sealed class MetricsEndpointTests
{
    private const string Token = "scrape-secret-0123456789";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Metrics_AreOffByDefault_SoTheEndpointIsNotFound()
    {
        await using var app = new ChatAppFactory();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("blazorchat_", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Metrics_WhenOnWithAToken_RefuseAScrapeWithoutIt_OrWithAWrongOne_AndTellNothing()
    {
        await using var app = MetricsApp();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        using var missing = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var wrong = await ScrapeAsync(http, "not-the-token");
        using var right = await ScrapeAsync(http, Token);

        foreach (var refused in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithTheToken_ShowTheOpenSocket_TheMessage_ItsDeliveries_AndTheCommit()
    {
        await using var app = MetricsApp();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var api = app.Api();
        await using var alice = await api.ConnectNewUserAsync(app.SocketUri, "alice");
        await using var bob = await api.ConnectNewUserAsync(app.SocketUri, "bob");

        var reply = await alice.RequestAsync(new { type = "send", room = "general", text = "counted" });
        await bob.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == "counted");
        Assert.True(reply.GetProperty("ok").GetBoolean());

        var scraped = await ScrapeUntilAsync(http, m =>
            m.Sum("blazorchat_connections_active", "kind=\"socket\"") == 2
            && m.Sum("blazorchat_messages_committed_total", "kind=\"post\"") == 1
            && m.Sum("blazorchat_deliveries_total") >= 2 // the message to both sockets (and their hellos, presence)
            && m.Sum("blazorchat_commit_batch_size_count") >= 1);
        Assert.Equal(2, scraped.Sum("blazorchat_users_online"));
        Assert.True(scraped.Sum("blazorchat_commit_batch_size_sum") >= 1);
        Assert.True(scraped.Has("blazorchat_commit_duration_seconds_bucket"), "the commit latency histogram is exported in seconds");
        Assert.True(scraped.Has("blazorchat_outbound_queue_depth_max"));
    }

    private static ChatAppFactory MetricsApp()
    {
        var app = new ChatAppFactory();
        app.Settings["Metrics:Enabled"] = "true";
        app.Settings["Metrics:Token"] = Token;
        return app;
    }

    private static Task<HttpResponseMessage> ScrapeAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Scrapes until the condition holds (the exporter may answer from a short cache), or fails with the last text.</summary>
    private static async Task<ScrapedMetrics> ScrapeUntilAsync(HttpClient http, Func<ScrapedMetrics, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var response = await ScrapeAsync(http, Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var scraped = new ScrapedMetrics(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            if (condition(scraped))
            {
                return scraped;
            }

            Assert.True(DateTime.UtcNow < deadline, "The metrics never showed it:\n" + scraped.Text);
            await Task.Delay(50); // a poll interval: the next scrape checks again
        }
    }
}
