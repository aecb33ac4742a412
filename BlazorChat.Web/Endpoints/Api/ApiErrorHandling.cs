using Microsoft.AspNetCore.Diagnostics;

namespace BlazorChat.Web.Endpoints.Api;

/// <summary>
/// Errors of the HTTP API are ProblemDetails, whatever produced them; the UI's error and not-found pages never
/// answer a request under <c>/api</c>.
/// </summary>
internal static class ApiErrorHandling
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>(); // runs inside UseExceptionHandler, before its error page
        return services;
    }

    /// <summary>A status code without a body: a ProblemDetails under <c>/api</c>, the not-found page elsewhere.</summary>
    public static IApplicationBuilder UseChatStatusCodePages(this IApplicationBuilder app)
    {
        // Re-executing needs the app's own router, which a branch (UseWhen) does not get: so the page is the outer
        // layer for every request, and under /api it is switched off before the ProblemDetails layer takes over.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(ApiProblems.IsApi, api =>
        {
            api.Use((context, next) =>
            {
                if (context.Features.Get<IStatusCodePagesFeature>() is { } page)
                {
                    page.Enabled = false;
                }

                return next(context);
            });
            api.UseStatusCodePages(context =>
                ApiProblems.Problem(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        });
        return app;
    }

    /// <summary>
    /// Maps <paramref name="handler"/> for POST and answers every other method with 405. Routing alone would not:
    /// a catch-all GET route (the static-asset fallback) makes it answer 404 for a GET, for instance.
    /// </summary>
    public static RouteHandlerBuilder MapPostOnly(this IEndpointRouteBuilder app, string pattern, Delegate handler)
    {
        app.Map(pattern, (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return ApiProblems.Problem(StatusCodes.Status405MethodNotAllowed, detail: "This endpoint accepts POST only.");
        }).WithOrder(1); // below the POST endpoint of the same pattern
        return app.MapPost(pattern, handler);
    }

    /// <summary>Any other path under <c>/api</c>, with any method, is 404 (not a 405 from a GET-only catch-all route).</summary>
    public static IEndpointRouteBuilder MapApiNotFound(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**path}", () => ApiProblems.Problem(
            StatusCodes.Status404NotFound, detail: "There is no API endpoint at this address.")).WithOrder(2);
        return app;
    }
}
