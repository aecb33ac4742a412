using BlazorChat.Domain.Backplane;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorChat.Web.Health;

/// <summary>
/// Whether this node's notices reach the other nodes (<see cref="IChatBackplane.IsConnected"/>). A node whose backplane is
/// down still serves its own clients fully — sign-in, sending, history, everything stored in the database — and only
/// stops hearing the other nodes live until the backplane is back (it then catches up from the database). Taking it out
/// of the proxy would turn a partial outage into a full one (with one shared Redis, every node at once), so a down
/// backplane is <see cref="HealthStatus.Degraded"/>: readiness stays 200 and the body tells the operator.
/// </summary>
internal sealed class BackplaneHealthCheck(IChatBackplane backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(backplane.IsConnected
            ? HealthCheckResult.Healthy("Notices reach the other nodes.")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                "The backplane is down: this node serves its own clients but does not hear the other nodes until it is back."));
}
