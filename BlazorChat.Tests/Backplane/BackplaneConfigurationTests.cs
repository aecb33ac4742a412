using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;
using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Backplane;
using BlazorChat.Web.Infrastructure.Persistence;
using BlazorChat.Web.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Backplane;

/// <summary>Choosing the backplane: in memory by default, Redis only when it can work, refused at start otherwise.</summary>
public sealed class BackplaneConfigurationTests
{
    [Fact]
    public async Task ByDefault_TheAppRunsOnTheInMemoryBackplane()
    {
        await using var app = new ChatAppFactory();
        app.EnsureStarted();

        var backplane = app.Services.GetRequiredService<IChatBackplane>();

        Assert.IsType<InMemoryChatBackplane>(backplane);
        Assert.True(backplane.IsConnected);
    }

    [Fact]
    public async Task RedisWithPostgres_Starts_OnTheRedisBackplane_UnderTheNodeNameGiven()
    {
        PostgresStoreDatabase.SkipWithoutServer();
        TestRedis.SkipWithoutServer();
        await using var app = new ChatAppFactory();
        app.Settings["Persistence:Provider"] = "Postgres";
        app.Settings["ConnectionStrings:Chat"] = $"{Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES")};Database=bc_app_{Guid.NewGuid():N}";
        app.Settings["Backplane:Provider"] = "Redis";
        app.Settings["ConnectionStrings:Redis"] = TestRedis.Server;
        app.Settings["Backplane:NodeName"] = "node-7";
        app.Settings["Backplane:ChannelPrefix"] = TestRedis.NewPrefix();
        app.EnsureStarted();

        var backplane = app.Services.GetRequiredService<IChatBackplane>();

        Assert.IsType<RedisChatBackplane>(backplane);
        Assert.Equal("node-7", backplane.NodeId);
    }

    [Fact]
    public async Task RedisWithSqlite_RefusesToStart_SayingADatabaseMustBeShared()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Backplane:Provider"] = "Redis";
        app.Settings["ConnectionStrings:Redis"] = "127.0.0.1:6390";

        var refusal = Assert.ThrowsAny<Exception>(app.EnsureStarted);

        Assert.Contains(BackplaneOptionsValidator.NeedsSharedDatabase, refusal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisWithoutAConnectionString_RefusesToStart_SayingWhatToSet()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Backplane:Provider"] = "redis";

        var refusal = Assert.ThrowsAny<Exception>(app.EnsureStarted);

        Assert.Contains(BackplaneOptionsValidator.NeedsConnectionString, refusal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownProvider_RefusesToStart_NamingTheChoices()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Backplane:Provider"] = "Kafka";

        var refusal = Assert.ThrowsAny<Exception>(app.EnsureStarted);

        Assert.Contains("Backplane:Provider 'Kafka' is not known: use InMemory (one node, the default) or Redis (several nodes).", refusal.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Chat:NodeTimeout", "00:00:06", "Chat:NodeTimeout must be at least twice Chat:HeartbeatInterval")]
    [InlineData("Chat:SweepInterval", "00:00:00", "Chat:SweepInterval")]
    [InlineData("Chat:GapTimeout", "-00:00:01", "Chat:GapTimeout")]
    public async Task NodeTimingsThatCannotWork_RefuseToStart_SayingWhich(string key, string value, string expected)
    {
        await using var app = new ChatAppFactory();
        app.Settings[key] = value;

        var refusal = Assert.ThrowsAny<Exception>(app.EnsureStarted);

        Assert.Contains(expected, refusal.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InMemory", BackplaneProvider.InMemory)]
    [InlineData("inmemory", BackplaneProvider.InMemory)]
    [InlineData("Redis", BackplaneProvider.Redis)]
    [InlineData(" REDIS ", BackplaneProvider.Redis)]
    [InlineData("1", null)]
    [InlineData("", null)]
    [InlineData("SignalR", null)]
    public void TheProviderName_IsReadInAnyCase_AndOnlyByName(string name, BackplaneProvider? expected) =>
        Assert.Equal(expected, new BackplaneOptions { Provider = name }.ProviderKind);

    [Fact]
    public void RedisWithPostgres_AndAConnectionString_IsAccepted()
    {
        var validator = new BackplaneOptionsValidator(new PersistenceOptions { Provider = PersistenceProvider.Postgres });

        var result = validator.Validate(null, new BackplaneOptions { Provider = "Redis", RedisConnection = "redis-a:6379,redis-b:6379,password=x" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,nonsense=1", "not a usable StackExchange.Redis configuration string")]
    [InlineData("password=x", "names no server")]
    public void AConnectionStringRedisCannotUse_IsRefused(string connection, string reason)
    {
        var validator = new BackplaneOptionsValidator(new PersistenceOptions { Provider = PersistenceProvider.Postgres });

        var result = validator.Validate(null, new BackplaneOptions { Provider = "Redis", RedisConnection = connection });

        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeNames_AreUniqueAndTellWhereTheyRun()
    {
        var first = BackplaneOptions.NewNodeName();

        Assert.NotEqual(first, BackplaneOptions.NewNodeName());
        Assert.StartsWith($"{Environment.MachineName}-{Environment.ProcessId}-", first, StringComparison.Ordinal);
    }
}
