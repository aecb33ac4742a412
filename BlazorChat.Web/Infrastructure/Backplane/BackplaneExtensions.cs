using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;
using BlazorChat.Web.Infrastructure.Redis;
using BlazorChat.Web.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Backplane;

internal static class BackplaneExtensions
{
    /// <summary>
    /// The backplane: <c>Backplane:Provider</c> = <c>InMemory</c> (the default, one node) or <c>Redis</c> (several nodes,
    /// <c>ConnectionStrings:Redis</c>, and a database they share); <c>Backplane:NodeName</c> and
    /// <c>Backplane:ChannelPrefix</c> optional. A configuration that cannot work stops the app at start.
    /// </summary>
    public static WebApplicationBuilder AddChatBackplane(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BackplaneOptions>().BindConfiguration("Backplane")
            .Configure<IConfiguration>((o, configuration) => o.RedisConnection = configuration.GetConnectionString("Redis"))
            .PostConfigure(o => o.NodeName = string.IsNullOrWhiteSpace(o.NodeName) ? BackplaneOptions.NewNodeName() : o.NodeName.Trim())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackplaneOptions>, BackplaneOptionsValidator>();

        // The container disposes the backplane with the app, which closes its Redis connection.
        services.AddSingleton<IChatBackplane>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BackplaneOptions>>().Value;
            return options.ProviderKind == BackplaneProvider.Redis
                ? new RedisChatBackplane(
                    new RedisBackplaneOptions(options.NodeName!, options.ChannelPrefix.Trim(), ConfigurationOptions.Parse(options.RedisConnection!)),
                    sp.GetRequiredService<ILogger<RedisChatBackplane>>(),
                    sp.GetRequiredService<ServerMetrics>().BackplaneOutage)
                : new InMemoryChatBackplane(new InMemoryBackplaneHub(), options.NodeName!);
        });
        return builder;
    }
}
