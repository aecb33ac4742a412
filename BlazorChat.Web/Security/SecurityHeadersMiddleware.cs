using Microsoft.Extensions.Primitives;

namespace BlazorChat.Web.Security;

/// <summary>
/// Sends the browser's security headers on every response: pages, the API, static files, error pages and
/// WebSocket upgrades. They are written just before the response starts, so an exception handler that clears
/// the response, or an endpoint that adds a header of its own, cannot leave them out.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy sent with every response (<c>docs/operations.md</c>, "Security headers").</summary>
    public static readonly string ContentSecurityPolicy = string.Join("; ",
        "default-src 'self'",
        // Our own script files only: no inline script and no eval. Blazor Server needs neither (App.razor starts it
        // from js/blazor-start.js and renders no import map); 'wasm-unsafe-eval' would be for WebAssembly only.
        "script-src 'self'",
        // MudBlazor sets style="" attributes and renders <style> elements (its theme, recomputed when the theme
        // changes), so inline styles cannot be listed by hash. Styles cannot run script.
        "style-src 'self' 'unsafe-inline'",
        // MudBlazor's stylesheet draws small images from data: URIs.
        "img-src 'self' data:",
        "font-src 'self'",
        // The circuit (/_blazor) and /ws: 'self' matches ws:// and wss:// on the page's own host and port.
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'");

    // AddInteractiveServerRenderMode appends this policy to every page, since compressed WebSockets must not be
    // framed cross-origin. Ours says the same, so it is folded into ours; any other policy a page gets is kept.
    private const string FrameworkFrameAncestors = "frame-ancestors 'self'";

    // No includeSubDomains: a self-hosted chat does not decide for the other sites of its domain.
    private const string StrictTransportSecurity = "max-age=31536000";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            AddHeaders((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static void AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = StringValues.Concat(
            ContentSecurityPolicy,
            new StringValues(headers.ContentSecurityPolicy.Where(p => p != FrameworkFrameAncestors).ToArray()));
        headers.XContentTypeOptions = "nosniff";
        // Full referrer within the app; only the origin to other sites (a link in a message does not reveal which
        // room or conversation it was clicked in), nothing on a downgrade to http. Not no-referrer: that would
        // also send "Origin: null" with the app's own form posts.
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // Only over HTTPS (browsers ignore it on http anyway). Behind a proxy that ends TLS the request looks like
        // http unless the proxy's scheme is forwarded. Loopback hosts are left out, as ASP.NET Core's own HSTS
        // middleware does, so that trying the app over https://localhost does not pin every local port to https.
        if (context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";
}
