using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorChat.Web.Endpoints.Api;

/// <summary>The answers of the HTTP API when something is wrong: always a ProblemDetails (<c>application/problem+json</c>).</summary>
internal static class ApiProblems
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static bool IsApi(string? path) => new PathString(path).StartsWithSegments("/api");

    /// <param name="status">The status code.</param>
    /// <param name="title">What is wrong; null for the standard phrase of <paramref name="status"/>.</param>
    /// <param name="detail">What to do about it, when there is something to say.</param>
    public static ProblemHttpResult Problem(int status, string? title = null, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title ?? (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error"),
            Detail = detail,
        });
}
