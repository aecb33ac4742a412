using BlazorChat.Tests.Support;
using BlazorChat.Web;
using BlazorChat.Web.Accounts;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Accounts;

/// <summary>
/// The one watch over every open socket's credential: each ends when its lifetime passes, and a sweep ends those whose
/// user signed out everywhere (the stamp changed), and no other.
/// </summary>
public sealed class CredentialWatchTests : IAsyncDisposable
{
    private readonly ChatAppFactory _app = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CredentialWatch _watch;

    public CredentialWatchTests()
    {
        _app.EnsureStarted();
        _watch = new CredentialWatch(
            _app.Services.GetRequiredService<CredentialValidator>(), _time,
            Options.Create(new ChatWebOptions { CredentialRevalidationInterval = TimeSpan.FromMinutes(5) }), NullLogger<CredentialWatch>.Instance);
    }

    [Fact]
    public async Task EachCredential_EndsAsExpired_WhenItsOwnLifetimePasses_AndNotBefore()
    {
        var credential = await StampOfNewUserAsync();
        var ended = new List<string>();
        using var first = _watch.Watch(credential, _time.GetUtcNow().AddSeconds(10), why => ended.Add($"first {why}"));
        using var second = _watch.Watch(credential, _time.GetUtcNow().AddSeconds(20), why => ended.Add($"second {why}"));
        using var forever = _watch.Watch(credential, null, why => ended.Add($"forever {why}"));

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Empty(ended);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(["first Expired"], ended);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["first Expired", "second Expired"], ended);
        Assert.Equal(1, _watch.Count);
    }

    [Fact]
    public async Task ASoonerExpiryWatchedAfterALaterOne_EndsFirst_AndOneBeyondATimersReach_StillEndsOnTime()
    {
        var credential = await StampOfNewUserAsync();
        var ended = new List<string>();
        using var later = _watch.Watch(credential, _time.GetUtcNow().AddDays(60), why => ended.Add($"later {why}"));
        using var sooner = _watch.Watch(credential, _time.GetUtcNow().AddSeconds(5), why => ended.Add($"sooner {why}"));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["sooner Expired"], ended);
        for (var day = 1; day < 60; day++)
        {
            _time.Advance(TimeSpan.FromDays(1)); // past the timer's longest due time it fires early and is set again
        }

        Assert.Equal(["sooner Expired"], ended);
        _time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(5));
        Assert.Equal(["sooner Expired", "later Expired"], ended);
    }

    [Fact]
    public async Task AStoppedWatch_NeverEnds()
    {
        var credential = await StampOfNewUserAsync();
        var ended = false;
        _watch.Watch(credential, _time.GetUtcNow().AddSeconds(10), _ => ended = true).Dispose();

        _time.Advance(TimeSpan.FromSeconds(30));
        await _watch.RevalidateAsync();

        Assert.False(ended);
        Assert.Equal(0, _watch.Count);
    }

    [Fact]
    public async Task ASweep_EndsEverySocketOfAUserWhoseStampChanged_AndLeavesEveryoneElse()
    {
        var revokedName = await NewUserAsync("revoked");
        var revoked = await StampOfAsync(revokedName);
        var kept = await StampOfNewUserAsync();
        var ended = new List<string>();
        using var revokedTab = _watch.Watch(revoked, null, why => ended.Add($"tab {why}"));
        using var revokedBot = _watch.Watch(revoked, _time.GetUtcNow().AddHours(1), why => ended.Add($"bot {why}"));
        using var keptSocket = _watch.Watch(kept, null, why => ended.Add($"kept {why}"));

        await _watch.RevalidateAsync();
        Assert.Empty(ended);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByNameAsync(revokedName))!); // "sign out everywhere"
        }

        await _watch.RevalidateAsync();

        Assert.Equal(["bot Revoked", "tab Revoked"], ended.Order());
        Assert.Equal(1, _watch.Count);
    }

    [Fact]
    public async Task ASweep_EndsTheSocketsOfAUserWhoIsGone()
    {
        var name = await NewUserAsync("gone");
        var credential = await StampOfAsync(name);
        CredentialEnd? ended = null;
        using var socket = _watch.Watch(credential, null, why => ended = why);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
            await users.DeleteAsync((await users.FindByNameAsync(name))!);
        }

        await _watch.RevalidateAsync();

        Assert.Equal(CredentialEnd.Revoked, ended);
    }

    [Fact]
    public async Task ASweepTheDatabaseFails_LeavesEverySocketOpen_AndLogsAWarning()
    {
        var credential = await StampOfNewUserAsync();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var unreachable = new CredentialValidator(new UnreachableDatabase(), _app.Services.GetRequiredService<IOptions<IdentityOptions>>());
        using var watch = new CredentialWatch(
            unreachable, _time, Options.Create(new ChatWebOptions { CredentialRevalidationInterval = TimeSpan.FromMinutes(5) }),
            loggers.CreateLogger<CredentialWatch>());
        var ended = new List<string>();
        using var tab = watch.Watch(credential, null, why => ended.Add($"tab {why}"));
        using var bot = watch.Watch(credential, _time.GetUtcNow().AddHours(1), why => ended.Add($"bot {why}"));

        await watch.RevalidateAsync();

        Assert.Empty(ended);
        Assert.Equal(2, watch.Count);
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Could not re-check the credentials of 1 users", warning.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<CredentialStamp> StampOfNewUserAsync() => await StampOfAsync(await NewUserAsync("watched"));

    private async Task<string> NewUserAsync(string prefix)
    {
        using var api = _app.Api();
        return await api.NewUserAsync(prefix);
    }

    /// <summary>A database that is down: every context it is asked for fails.</summary>
    private sealed class UnreachableDatabase : IDbContextFactory<ChatDbContext>
    {
        public ChatDbContext CreateDbContext() => throw new InvalidOperationException("The database does not answer.");
    }

    private async Task<CredentialStamp> StampOfAsync(string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>().FindByNameAsync(name))!;
        return new CredentialStamp(user.Id, user.SecurityStamp);
    }
}
