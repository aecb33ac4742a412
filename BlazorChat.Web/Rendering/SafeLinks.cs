namespace BlazorChat.Web.Rendering;

/// <summary>Which link targets a message may have: absolute http, https and mailto URLs, nothing else.</summary>
internal static class SafeLinks
{
    public static readonly string[] Schemes = ["http", "https", "mailto"];

    /// <summary>
    /// Whether <paramref name="url"/> is an absolute URL of an allowed scheme. Relative URLs are refused too: in a chat
    /// they would point into the app itself.
    /// </summary>
    public static bool IsAllowed(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && url.Trim() == url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && Schemes.Contains(uri.Scheme, StringComparer.Ordinal)
        && url.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase); // what the browser will read as the scheme
}
