using BlazorChat.Web.Infrastructure.Redis;

namespace BlazorChat.Tests.Backplane;

/// <summary>
/// A node's health between its connection and its self-check: an answered check verifies only if no connection failed
/// since it began, a failure ends the check under way at once, and only the loss of a working connection is an outage.
/// </summary>
public sealed class SubscriptionHealthTests
{
    [Fact]
    public void AnAnsweredCheck_WithNoFailureMeanwhile_Verifies()
    {
        var health = new SubscriptionHealth();
        var (failuresBefore, lost) = health.BeginCheck();

        Assert.True(health.EndAnsweredCheck(failuresBefore));
        Assert.True(health.IsVerified);
        Assert.False(lost.IsCompleted);
    }

    [Fact]
    public void ACheckThatAFailureStraddles_DoesNotVerify_AndItsWaitIsEndedAtOnce()
    {
        var health = new SubscriptionHealth();
        var (failuresBefore, lost) = health.BeginCheck();

        health.ConnectionFailed();

        Assert.True(lost.IsCompletedSuccessfully);
        Assert.False(health.EndAnsweredCheck(failuresBefore));
        Assert.False(health.IsVerified);
    }

    [Fact]
    public void AFailure_EndsOnlyTheChecksBegunBeforeIt()
    {
        var health = new SubscriptionHealth();
        health.ConnectionFailed();

        var (failuresBefore, lost) = health.BeginCheck();

        Assert.False(lost.IsCompleted);
        Assert.True(health.EndAnsweredCheck(failuresBefore));
    }

    [Fact]
    public void OnlyTheFirstFailureOfAVerifiedSubscription_IsAnOutage()
    {
        var health = new SubscriptionHealth();
        Assert.False(health.ConnectionFailed()); // never verified: still down, no outage
        health.EndAnsweredCheck(health.BeginCheck().FailuresBefore);

        var first = health.ConnectionFailed();
        var second = health.ConnectionFailed(); // its other connection, failing in the same outage

        Assert.True(first);
        Assert.False(second);
        Assert.False(health.IsVerified);
    }
}
