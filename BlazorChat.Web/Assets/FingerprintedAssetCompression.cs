using System.Collections.Concurrent;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Net.Http.Headers;

namespace BlazorChat.Web.Assets;

/// <summary>
/// Gives a package's fingerprinted URL the compressed files of its plain URL. A package that ships its own endpoint
/// manifest (MudBlazor: <c>_content/MudBlazor/MudBlazor.min.{fingerprint}.css</c>) gets gzip and brotli alternatives
/// from the SDK only for its plain URL, which is <c>no-cache</c>; the fingerprinted URL that <c>@Assets[...]</c> links
/// is cached for a year but would be sent uncompressed (627 KB instead of 43 KB for MudBlazor's stylesheet). Such a
/// request is answered by the plain URL's compressed endpoint the client accepts, with the fingerprinted URL's caching.
/// </summary>
internal sealed class FingerprintedAssetCompression
{
    // Written while the endpoints are built, read by requests afterwards. Route -> content-coding -> endpoint.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RequestDelegate>> _compressed =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The convention applied to every static-asset endpoint (<c>MapStaticAssets().Add(...)</c>).</summary>
    public void Apply(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<StaticAssetDescriptor>().SingleOrDefault() is not { } asset
            || endpoint.RequestDelegate is not { } serve)
        {
            return;
        }

        if (asset.Selectors.FirstOrDefault(s => s.Name == "Content-Encoding") is { } encoding)
        {
            _compressed.GetOrAdd(asset.Route, _ => new(StringComparer.OrdinalIgnoreCase))[encoding.Value] = serve;
            return;
        }

        if (Property(asset, "fingerprint") is null || Property(asset, "label") is not { } plainRoute)
        {
            return;
        }

        var cacheControl = asset.ResponseHeaders.FirstOrDefault(h => h.Name == HeaderNames.CacheControl)?.Value;
        endpoint.RequestDelegate = context => ServeAsync(context, asset.Route, plainRoute, cacheControl, serve);
    }

    private Task ServeAsync(HttpContext context, string route, string plainRoute, string? cacheControl, RequestDelegate identity)
    {
        // When the fingerprinted URL has compressed endpoints of its own, routing already chose between them.
        if (_compressed.ContainsKey(route)
            || !_compressed.TryGetValue(plainRoute, out var alternatives)
            || Choose(context.Request.Headers.AcceptEncoding, alternatives) is not { } compressed)
        {
            context.Response.OnStarting(AddVary, context);
            return identity(context);
        }

        context.Response.OnStarting(() =>
        {
            if (cacheControl is not null)
            {
                context.Response.Headers.CacheControl = cacheControl;
            }

            return Task.CompletedTask;
        });
        return compressed(context);
    }

    private static Task AddVary(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        if (headers.Vary.Count == 0)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        return Task.CompletedTask;
    }

    // Brotli before gzip (smaller), each only if the client accepts it with a quality above zero.
    private static RequestDelegate? Choose(Microsoft.Extensions.Primitives.StringValues acceptEncoding,
        ConcurrentDictionary<string, RequestDelegate> alternatives)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            return null;
        }

        foreach (var coding in (string[])["br", "gzip"])
        {
            var offer = accepted.FirstOrDefault(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(a => a.Value == "*");
            if (offer is not null && (offer.Quality ?? 1) > 0 && alternatives.TryGetValue(coding, out var serve))
            {
                return serve;
            }
        }

        return null;
    }

    private static string? Property(StaticAssetDescriptor asset, string name) =>
        asset.Properties.FirstOrDefault(p => p.Name == name)?.Value;
}
