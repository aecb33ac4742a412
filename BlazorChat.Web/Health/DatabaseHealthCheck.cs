using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorChat.Web.Health;

/// <summary>
/// Readiness of the chat database: it answers a query on one of the chat's tables. Not only a connection: SQLite "connects"
/// to a damaged file, and a schema that is missing is not ready either. Without the database a node cannot sign anyone in,
/// store a message or read history, so its failure is <see cref="HealthStatus.Unhealthy"/> (503): take the node out.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ChatDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Conversations.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The description is ours, never the exception's message (which may name the server); the exception goes to
            // the log with the check's result.
            return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", ex);
        }
    }
}
