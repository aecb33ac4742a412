namespace BlazorChat.Web.Assets;

/// <summary>How the app serves its static files (wwwroot, MudBlazor's, the framework's).</summary>
internal static class AssetsExtensions
{
    /// <summary>
    /// The build's static assets, precompressed (brotli and gzip, chosen by <c>Accept-Encoding</c>), fingerprinted
    /// URLs cached for a year, the others revalidated with their ETag (<c>304</c>).
    /// </summary>
    public static IEndpointConventionBuilder MapChatStaticAssets(this WebApplication app)
    {
        var compression = new FingerprintedAssetCompression();
        var assets = app.MapStaticAssets();
        assets.Add(compression.Apply);
        return assets;
    }
}
