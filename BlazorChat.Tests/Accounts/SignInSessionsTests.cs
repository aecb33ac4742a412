using System.Security.Claims;
using BlazorChat.Domain.Connections;
using BlazorChat.Tests.Domain;
using BlazorChat.Web.Accounts;

namespace BlazorChat.Tests.Accounts;

/// <summary>The sessions a server keeps track of: every open tab and socket of one, and nothing after they are gone.</summary>
public sealed class SignInSessionsTests
{
    private readonly ChatHarness _chat = new();
    private readonly SignInSessions _sessions = new(TimeProvider.System, TimeSpan.FromHours(1));

    [Fact]
    public async Task ASessionWhoseTabsAndSocketsAreAllGone_IsForgotten()
    {
        for (var i = 0; i < 100; i++)
        {
            var subscriber = await _chat.ConnectAsync("alice");
            using (_sessions.Track(Session($"sid-{i}"), subscriber.Connection))
            {
            }

            subscriber.Connection.Dispose();
        }

        Assert.Equal(0, _sessions.TrackedSessions);
    }

    [Fact]
    public async Task EndingASession_RevokesEveryConnectionTrackedWithIt_EvenOnesTrackedWhileItEnds()
    {
        var user = Session("sid-racing");
        var connections = new List<ChatConnection>();
        for (var i = 0; i < 20; i++)
        {
            connections.Add((await _chat.ConnectAsync("alice")).Connection);
        }

        var tracking = connections.Select(c => Task.Run(() => _sessions.Track(user, c))).ToList();
        var ending = Task.Run(() => _sessions.EndAsync(user));
        await Task.WhenAll(tracking);
        await ending;

        Assert.All(connections, c => Assert.Equal(ConnectionEndReason.Revoked, c.EndReason));
    }

    private static ClaimsPrincipal Session(string sid) =>
        new(new ClaimsIdentity([new Claim(SignInSessions.ClaimType, sid)], "test"));
}
