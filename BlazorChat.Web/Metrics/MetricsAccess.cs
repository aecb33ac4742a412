using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace BlazorChat.Web.Metrics;

/// <summary>
/// Who may read <c>/metrics</c>: with a token configured, whoever presents it as a bearer token (anyone else gets a bare
/// 401); without one, only loopback callers (anyone else gets a bare 404, as if there were no endpoint). The counts say
/// how busy the server is and when its backplane is down: not for everyone.
/// </summary>
internal sealed class MetricsAccess
{
    private const string Scheme = "Bearer ";
    private readonly byte[]? _tokenHash;

    public MetricsAccess(MetricsOptions options) =>
        _tokenHash = string.IsNullOrEmpty(options.Token) ? null : Hash(options.Token);

    /// <summary>Null when the request may read the metrics, otherwise the status code that refuses it.</summary>
    public int? Refusal(HttpContext context)
    {
        if (_tokenHash is null)
        {
            return IsLoopback(context.Connection.RemoteIpAddress) ? null : StatusCodes.Status404NotFound;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
        // Hashes compared in constant time: neither the token's content nor its length shows in how long a refusal takes.
        return CryptographicOperations.FixedTimeEquals(Hash(presented), _tokenHash) ? null : StatusCodes.Status401Unauthorized;
    }

    /// <summary>The guard in front of the exporter: refusals carry no body (and no status page), nothing to learn from.</summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (Refusal(context) is not { } status)
        {
            context.Response.Headers.CacheControl = "no-store";
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
