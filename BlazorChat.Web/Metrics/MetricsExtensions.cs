using BlazorChat.Domain.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace BlazorChat.Web.Metrics;

internal static class MetricsExtensions
{
    private const string Path = "/metrics";

    /// <summary>
    /// The chat's instruments, always (nobody collects them unless something listens: cheap), and with
    /// <c>Metrics:Enabled</c> the OpenTelemetry pipeline that exports them, ASP.NET Core's and the runtime's for
    /// Prometheus.
    /// </summary>
    public static WebApplicationBuilder AddChatMetrics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        services.AddSingleton(options);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<ServerMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>());
        if (options.Enabled)
        {
            services.AddSingleton<MetricsAccess>();
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("blazorchat"))
                .WithMetrics(metrics => metrics
                    .AddMeter(ChatMetrics.MeterName)
                    .AddMeter("System.Runtime")
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> behind <see cref="MetricsAccess"/>, when metrics are on; nothing otherwise.</summary>
    public static IEndpointRouteBuilder MapChatMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<MetricsOptions>().Enabled)
        {
            var access = app.ServiceProvider.GetRequiredService<MetricsAccess>();
            app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, branch => branch.Use(access.GuardAsync), optionsName: null);
        }

        return app;
    }
}
