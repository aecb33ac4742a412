using System.Globalization;
using StackExchange.Redis;

namespace BlazorChat.LoadGen;

/// <summary>
/// Redis's own count of <c>PUBLISH</c> commands (<c>INFO commandstats</c>), to see how many notices a run sent and
/// what they cost Redis. It counts every client of that Redis server, so others' traffic would show up too.
/// </summary>
internal sealed class RedisStats : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;

    private RedisStats(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<RedisStats> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true; // the client counts INFO among the admin commands
        return new(await ConnectionMultiplexer.ConnectAsync(options));
    }

    /// <summary>PUBLISH calls so far, and the microseconds Redis spent in them.</summary>
    public async Task<(long Calls, long Microseconds)> PublishesAsync()
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(group => group)
            .FirstOrDefault(pair => pair.Key == "cmdstat_publish").Value;
        if (stats is null)
        {
            return (0, 0); // nothing published since Redis started
        }

        // calls=12820,usec=93146,usec_per_call=7.27,…
        var fields = stats.Split(',').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        return (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}
