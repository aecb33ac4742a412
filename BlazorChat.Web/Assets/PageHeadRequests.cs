using Microsoft.AspNetCore.Routing;

namespace BlazorChat.Web.Assets;

/// <summary>
/// Lets the pages answer <c>HEAD</c> as they answer <c>GET</c> (the same status and headers, no body: Kestrel drops it).
/// Razor component endpoints accept only GET and POST, so an uptime check's <c>HEAD /</c> got 404 where a browser's
/// <c>GET /</c> is redirected to the sign-in page.
/// </summary>
internal static class PageHeadRequests
{
    /// <summary>Adds HEAD to every endpoint of <paramref name="pages"/> that accepts GET.</summary>
    public static TBuilder AllowHead<TBuilder>(this TBuilder pages)
        where TBuilder : IEndpointConventionBuilder
    {
        pages.Add(endpoint =>
        {
            // Routing reads the last method metadata, so the widened list is appended rather than swapped in.
            if (endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return pages;
    }
}
