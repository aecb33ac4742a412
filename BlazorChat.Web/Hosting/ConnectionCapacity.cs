using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BlazorChat.Web.Hosting;

/// <summary>
/// Keeps the server's connections within the process's file limit (<c>ulimit -n</c>), so that a flood of connections
/// is refused instead of taking the last file descriptor: out of descriptors, the runtime itself cannot open what it
/// needs and the process dies ("Out of memory."). Every open connection is one descriptor; a share of the limit is kept
/// for the runtime, the database, Redis and logs, and of the rest most goes to upgraded connections (WebSockets and
/// Blazor circuits, which stay open) and a little to plain HTTP requests, which Kestrel counts apart.
/// </summary>
/// <remarks>
/// Applied only to limits left unset: <c>Kestrel:Limits:MaxConcurrentConnections</c> and
/// <c>Kestrel:Limits:MaxConcurrentUpgradedConnections</c> in the configuration win. Past the upgraded limit a
/// <c>/ws</c> request is answered 503 (see ChatSocketEndpoint); past the other Kestrel closes the new connection.
/// </remarks>
internal sealed record ConnectionCapacity(long Upgraded, long Plain)
{
    /// <summary>The budget for a file limit of <paramref name="fileLimit"/> descriptors.</summary>
    public static ConnectionCapacity For(long fileLimit)
    {
        var reserved = Math.Clamp(fileLimit / 40, 256, 4096);
        var plain = Math.Clamp(fileLimit / 20, 64, 8192);
        var upgraded = Math.Max(fileLimit - reserved - plain, 16);
        return new ConnectionCapacity(upgraded, plain);
    }

    /// <summary>The soft limit on open files from <c>/proc/self/limits</c>; null where there is none to read.</summary>
    public static long? ReadFileLimit(string limitsFile = "/proc/self/limits")
    {
        if (!File.Exists(limitsFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(limitsFile))
        {
            // "Max open files            20000                20000                files"
            if (line.StartsWith("Max open files", StringComparison.Ordinal)
                && line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var soft, ..])
            {
                return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null; // "unlimited"
            }
        }

        return null;
    }

    /// <summary>Sets Kestrel's two limits: the configured ones where given, else this budget.</summary>
    public void ApplyTo(KestrelServerLimits limits, IConfiguration configured)
    {
        limits.MaxConcurrentUpgradedConnections = configured.GetValue<long?>("MaxConcurrentUpgradedConnections") ?? limits.MaxConcurrentUpgradedConnections ?? Upgraded;
        limits.MaxConcurrentConnections = configured.GetValue<long?>("MaxConcurrentConnections") ?? limits.MaxConcurrentConnections ?? Plain;
    }
}

internal static class ConnectionCapacityExtensions
{
    public static WebApplicationBuilder AddConnectionCapacity(this WebApplicationBuilder builder)
    {
        var capacity = ConnectionCapacity.For(ConnectionCapacity.ReadFileLimit() ?? long.MaxValue / 2);
        builder.Services.AddOptions<KestrelServerOptions>().PostConfigure<IConfiguration>(
            (options, configuration) => capacity.ApplyTo(options.Limits, configuration.GetSection("Kestrel:Limits")));
        return builder;
    }
}
