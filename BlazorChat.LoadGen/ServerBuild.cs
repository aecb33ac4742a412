namespace BlazorChat.LoadGen;

/// <summary>Finds the server that building this project built (the project reference), in the same configuration.</summary>
internal static class ServerBuild
{
    /// <summary><c>…/BlazorChat.Web/bin/Release/net10.0/BlazorChat.Web.dll</c> for <c>…/BlazorChat.LoadGen/bin/Release/net10.0/</c>, if it exists.</summary>
    public static string? NextToLoadGenerator()
    {
        var ours = AppContext.BaseDirectory;
        var segment = $"{Path.DirectorySeparatorChar}BlazorChat.LoadGen{Path.DirectorySeparatorChar}";
        var at = ours.LastIndexOf(segment, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var web = string.Concat(ours.AsSpan(0, at), $"{Path.DirectorySeparatorChar}BlazorChat.Web{Path.DirectorySeparatorChar}", ours.AsSpan(at + segment.Length));
        var dll = Path.Combine(web, "BlazorChat.Web.dll");
        return File.Exists(dll) ? dll : null;
    }
}
