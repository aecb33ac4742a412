using Microsoft.AspNetCore.Diagnostics;

namespace BlazorChat.Web.Endpoints.Api;

/// <summary>
/// An exception under <c>/api</c> is answered with a ProblemDetails, never re-executed into the HTML error page;
/// other paths are left to the error page.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (!ApiProblems.IsApi(path))
        {
            return false;
        }

        if (exception is BadHttpRequestException bad)
        {
            // The request itself was unreadable (Kestrel's limits, a broken chunked body): the client's fault.
            Log.BadRequest(logger, httpContext.Request.Method, path, bad.StatusCode, bad.Message);
            await ApiProblems.Problem(bad.StatusCode).ExecuteAsync(httpContext);
            return true;
        }

        // Handled here, so the middleware records nothing (.NET 10): this is the log of it.
        Log.Unhandled(logger, exception, httpContext.Request.Method, path);
        await ApiProblems.Problem(
            StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "The server could not complete the request; try again later.")
            .ExecuteAsync(httpContext);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Error, "Unhandled exception answering {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string method, string? path);

        [LoggerMessage(401, LogLevel.Debug, "Unreadable request {Method} {Path} answered {StatusCode}: {Reason}")]
        public static partial void BadRequest(ILogger logger, string method, string? path, int statusCode, string reason);
    }
}
