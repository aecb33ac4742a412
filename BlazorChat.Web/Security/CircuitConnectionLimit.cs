using System.Collections.Concurrent;
using BlazorChat.Domain;
using Microsoft.AspNetCore.Mvc;

namespace BlazorChat.Web.Security;

/// <summary>
/// Holds each signed-in user to <see cref="ChatOptions.MaxConnectionsPerUser"/> open Blazor circuit connections
/// (<c>GET /_blazor</c>: a WebSocket, or the long-lived request of a fallback transport). The chat service refuses a
/// tab past the limit, but its circuit would still hold a socket and memory: a leaked cookie must not be able to open
/// them without end. Past the limit the connection gets <c>429</c>; the tab shows Blazor's reconnect dialog.
/// </summary>
internal sealed class CircuitConnectionLimit(RequestDelegate next, ChatOptions options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(ChatNames.UserComparer);

    /// <remarks>
    /// Not async for every other request: an awaiting frame of this middleware would live as long as the request, and a
    /// <c>/ws</c> socket is a request that lasts for hours.
    /// </remarks>
    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/_blazor"
            && context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } user }
            ? LimitAsync(context, user)
            : next(context);

    private async Task LimitAsync(HttpContext context, string user)
    {
        if (_open.AddOrUpdate(user, 1, (_, count) => count + 1) > options.MaxConnectionsPerUser)
        {
            Release(user);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsJsonAsync(
                new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many connections.",
                    Detail = $"This account already has {options.MaxConnectionsPerUser} tabs open, the most one user may have.",
                },
                options: null,
                contentType: "application/problem+json");
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Release(user);
        }
    }

    private void Release(string user)
    {
        // Remove the entry at zero, so users who come and go leave nothing behind.
        while (_open.TryGetValue(user, out var count))
        {
            if (count <= 1 ? _open.TryRemove(KeyValuePair.Create(user, count)) : _open.TryUpdate(user, count - 1, count))
            {
                return;
            }
        }
    }
}
