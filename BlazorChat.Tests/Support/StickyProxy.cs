using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace BlazorChat.Tests.Support;

/// <summary>
/// A sticky reverse proxy (YARP on Kestrel, 127.0.0.1) in front of several app nodes, as a deployment has one: every
/// path, WebSocket upgrades (<c>/_blazor</c>, <c>/ws</c>) included, goes to the node that a browser's affinity cookie
/// names. A node that stops answering <c>/health/ready</c> is out within about a second (a dead node refuses the probe at
/// once; a slow one has 5 s to answer, so a busy machine does not take a live node out), and its browsers are
/// redistributed to a healthy node (which rewrites their cookie).
/// </summary>
public sealed class StickyProxy : IAsyncDisposable
{
    /// <summary>The affinity cookie: YARP's own hash of the destination (policy <c>HashCookie</c>).</summary>
    public const string AffinityCookie = "BlazorChat.Node";

    private const string ClusterId = "nodes";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _openCircuits;

    private StickyProxy(WebApplication app, Uri baseAddress, CapturedLogs logs, ConcurrentDictionary<string, int> openCircuits) =>
        (_app, BaseAddress, Logs, _openCircuits) = (app, baseAddress, logs, openCircuits);

    public Uri BaseAddress { get; }

    /// <summary>What YARP logged; see <see cref="HealthEvents"/>.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>Every failed probe and every node taken out, one a line: why a browser may have moved.</summary>
    public string HealthEvents => string.Join('\n', Logs.Entries
        .Where(e => e.Category.StartsWith("Yarp.ReverseProxy.Health", StringComparison.Ordinal) && e.Level >= LogLevel.Warning)
        .Select(e => $"{e.Message} {e.Exception?.Message}"));

    /// <summary>The destination id of node <paramref name="index"/> (its position in the list given to StartAsync).</summary>
    public static string DestinationId(int index) => $"node-{index}";

    public static async Task<StickyProxy> StartAsync(IReadOnlyList<Uri> nodes, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddReverseProxy().LoadFromMemory([Route], [Cluster(nodes)]);
        var app = builder.Build();
        var openCircuits = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use((context, next) => CountCircuitAsync(openCircuits, context, next));
        });
        await app.StartAsync(cancellationToken);
        return new StickyProxy(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"), logs, openCircuits);
    }

    /// <summary>The affinity cookie's value that sends a browser to node <paramref name="index"/>, as YARP computes it.</summary>
    public string AffinityKeyOf(int index)
    {
        var cluster = ClusterState();
        var policy = _app.Services.GetServices<ISessionAffinityPolicy>()
            .Single(p => p.Name == SessionAffinityConstants.Policies.HashCookie);
        var response = new DefaultHttpContext();
        policy.AffinitizeResponse(response, cluster, cluster.Model.Config.SessionAffinity!, cluster.Destinations[DestinationId(index)]);
        var cookie = SetCookieHeaderValue.ParseList([.. response.Response.Headers.SetCookie.OfType<string>()]).Single();
        return cookie.Value.ToString();
    }

    /// <summary>The node that an affinity cookie's value names, or null for none.</summary>
    public int? NodeOf(string affinityKey)
    {
        for (var index = 0; index < ClusterState().Destinations.Count; index++)
        {
            if (AffinityKeyOf(index) == affinityKey)
            {
                return index;
            }
        }

        return null;
    }

    /// <summary>How many Blazor circuits' WebSockets the proxy holds open to node <paramref name="index"/> now.</summary>
    public int OpenCircuitsOn(int index) => _openCircuits.GetValueOrDefault(DestinationId(index));

    /// <summary>Whether YARP's active health check currently takes node <paramref name="index"/> for unhealthy.</summary>
    public bool IsDown(int index) =>
        ClusterState().Destinations[DestinationId(index)].Health.Active == DestinationHealth.Unhealthy;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ClusterState ClusterState() =>
        _app.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(ClusterId, out var cluster)
            ? cluster
            : throw new InvalidOperationException("The proxy has no cluster.");

    // After load balancing exactly one destination is left: the one this request goes to.
    private static async Task CountCircuitAsync(ConcurrentDictionary<string, int> openCircuits, HttpContext context, Func<Task> next)
    {
        // An HTTP/1.1 upgrade (the proxy has no WebSocket middleware: YARP forwards the upgrade itself).
        var webSocket = string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);
        if (!webSocket || !context.Request.Path.StartsWithSegments("/_blazor"))
        {
            await next();
            return;
        }

        var destination = context.GetReverseProxyFeature().AvailableDestinations.Single().DestinationId;
        openCircuits.AddOrUpdate(destination, 1, (_, n) => n + 1);
        try
        {
            await next();
        }
        finally
        {
            openCircuits.AddOrUpdate(destination, 0, (_, n) => n - 1);
        }
    }

    private static RouteConfig Route => new()
    {
        RouteId = "everything",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**catch-all}" },
        // The app builds redirects and checks origins from the Host it sees: keep the browser's, as a real proxy does.
        Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
    };

    private static ClusterConfig Cluster(IReadOnlyList<Uri> nodes) => new()
    {
        ClusterId = ClusterId,
        Destinations = nodes.Select((node, index) => (node, index))
            .ToDictionary(n => DestinationId(n.index), n => new DestinationConfig { Address = n.node.ToString() }),
        SessionAffinity = new SessionAffinityConfig
        {
            Enabled = true,
            Policy = SessionAffinityConstants.Policies.HashCookie,
            FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
            AffinityKeyName = AffinityCookie,
        },
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromMilliseconds(500),
                Timeout = TimeSpan.FromSeconds(5),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health/ready",
            },
        },
        Metadata = new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "2" },
    };
}
