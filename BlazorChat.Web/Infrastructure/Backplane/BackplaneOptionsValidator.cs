using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Backplane;

/// <summary>Refuses, at start and with every reason at once, a backplane configuration that cannot work.</summary>
internal sealed class BackplaneOptionsValidator(PersistenceOptions persistence) : IValidateOptions<BackplaneOptions>
{
    public const string NeedsSharedDatabase =
        "The Redis backplane needs a database every node shares: set Persistence:Provider=Postgres (and ConnectionStrings:Chat); "
        + "SQLite is one writer on one host.";

    public const string NeedsConnectionString =
        "Backplane:Provider is Redis: set ConnectionStrings:Redis to the Redis server, as a StackExchange.Redis configuration "
        + "string (e.g. 'redis-host:6379' or 'redis-host:6379,password=…,ssl=true').";

    public ValidateOptionsResult Validate(string? name, BackplaneOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ChannelPrefix))
        {
            failures.Add("Backplane:ChannelPrefix must not be empty.");
        }

        switch (options.ProviderKind)
        {
            case null:
                failures.Add($"Backplane:Provider '{options.Provider}' is not known: use InMemory (one node, the default) or Redis (several nodes).");
                break;
            case BackplaneProvider.Redis:
                if (persistence.Provider != PersistenceProvider.Postgres)
                {
                    failures.Add(NeedsSharedDatabase);
                }

                if (string.IsNullOrWhiteSpace(options.RedisConnection))
                {
                    failures.Add(NeedsConnectionString);
                }
                else if (ProblemWith(options.RedisConnection) is { } problem)
                {
                    failures.Add($"ConnectionStrings:Redis is not a usable StackExchange.Redis configuration string: {problem}");
                }

                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ProblemWith(string connection)
    {
        try
        {
            return ConfigurationOptions.Parse(connection).EndPoints.Count == 0 ? "it names no server." : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
