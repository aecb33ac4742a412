using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorChat.Web.Health;

/// <summary>
/// <c>/health</c>: liveness, the process answers (no check runs, so a slow database never gets a live node restarted).
/// <c>/health/ready</c>: readiness, the database answers (else 503) and the backplane is connected (else Degraded, still
/// 200: see <see cref="BackplaneHealthCheck"/>). Both anonymous, never cached. docs/operations.md, "Health".
/// </summary>
internal static class HealthExtensions
{
    private const string Ready = "ready";

    public static IServiceCollection AddChatHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BackplaneHealthCheck>("backplane", HealthStatus.Degraded, [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapChatHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", Options(_ => false)).AllowAnonymous();
        app.MapHealthChecks("/health/ready", Options(check => check.Tags.Contains(Ready))).AllowAnonymous();
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthResponse.WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
