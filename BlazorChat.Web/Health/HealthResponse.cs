using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorChat.Web.Health;

/// <summary>
/// The body of <c>/health</c> and <c>/health/ready</c>:
/// <c>{"status":"Degraded","checks":[{"name":"database","status":"Healthy","description":"…"}, …]}</c>.
/// Only names, statuses and the checks' own short texts: no exception message, which may name a server or a connection
/// string (the log has those).
/// </summary>
internal static class HealthResponse
{
    private const string Failed = "The check failed; the server's log says why.";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                // The health service describes a check that threw with the exception's message: never shown.
                description = e.Value.Exception is { } ex && e.Value.Description == ex.Message ? Failed : e.Value.Description ?? "",
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
