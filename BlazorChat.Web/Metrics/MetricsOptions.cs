namespace BlazorChat.Web.Metrics;

/// <summary>The <c>Metrics</c> section: the Prometheus endpoint <c>/metrics</c>, off unless turned on.</summary>
internal sealed class MetricsOptions
{
    /// <summary>Serves <c>/metrics</c>; when false there is no such endpoint (404).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// When set, every scrape must send <c>Authorization: Bearer {Token}</c>, from any address; when empty, only
    /// requests from the loopback address are answered.
    /// </summary>
    public string? Token { get; set; }
}
