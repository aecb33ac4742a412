using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// Under a backlog the next delivery round rests as long as the last one took (at most the configured rest), so that a
/// busy server's sockets each write more at a time; a quick round's successor starts at once, so a quiet server adds
/// no latency. Time is fake: a rest ends only when the test moves the clock.
/// </summary>
public sealed class DeliveryRoundRestTests
{
    private static readonly TimeSpan MaxRest = TimeSpan.FromMilliseconds(25);

    [Theory]
    [InlineData(10, 10)] // rests as long as the round took
    [InlineData(100, 25)] // but never longer than the most it may rest
    public async Task AfterABusyRound_TheNextRests_ThenHandsOverEverythingPublishedMeanwhile(int roundTookMs, int restMs)
    {
        var time = new RestWatchingTime();
        var rounds = new DeliveryRounds(MaxRest, time);
        ImmutableArray<ChatConnection> audience = [];
        var received = new BlockingCollection<string>();
        var connection = Connect(received, chatEvent =>
        {
            if (chatEvent.Room == "first")
            {
                // A round that takes a while, during which more is committed: a backlog.
                time.Advance(TimeSpan.FromMilliseconds(roundTookMs));
                rounds.Publish(audience, Typing("second"));
                rounds.Publish(audience, Typing("third"));
            }
        });
        audience = [connection];

        rounds.Publish(audience, Typing("first"));

        Assert.Equal(TimeSpan.FromMilliseconds(restMs), await time.Rests.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal("first", Take(received));
        Assert.Empty(received); // resting: the clock has not moved since

        time.Advance(TimeSpan.FromMilliseconds(restMs));
        Assert.Equal(["second", "third"], [Take(received), Take(received)]);
        connection.Dispose();
    }

    [Fact]
    public void AfterAQuickRound_TheNextStartsAtOnce()
    {
        var time = new RestWatchingTime();
        var rounds = new DeliveryRounds(MaxRest, time);
        ImmutableArray<ChatConnection> audience = [];
        var received = new BlockingCollection<string>();
        var connection = Connect(received, chatEvent =>
        {
            if (chatEvent.Room == "first")
            {
                rounds.Publish(audience, Typing("second")); // a backlog, but the round took no time
            }
        });
        audience = [connection];

        rounds.Publish(audience, Typing("first"));

        Assert.Equal(["first", "second"], [Take(received), Take(received)]); // the clock never moved
        Assert.False(time.Rests.Reader.TryRead(out _));
        connection.Dispose();
    }

    [Fact]
    public void WithNoRestConfigured_ABusyRoundsSuccessorStartsAtOnce()
    {
        var time = new RestWatchingTime();
        var rounds = new DeliveryRounds(TimeSpan.Zero, time);
        ImmutableArray<ChatConnection> audience = [];
        var received = new BlockingCollection<string>();
        var connection = Connect(received, chatEvent =>
        {
            if (chatEvent.Room == "first")
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                rounds.Publish(audience, Typing("second"));
            }
        });
        audience = [connection];

        rounds.Publish(audience, Typing("first"));

        Assert.Equal(["first", "second"], [Take(received), Take(received)]);
        Assert.False(time.Rests.Reader.TryRead(out _));
        connection.Dispose();
    }

    private static UserTyping Typing(string label) => new("p", label, null);

    private static string Take(BlockingCollection<string> received) =>
        received.TryTake(out var label, 30_000, TestContext.Current.CancellationToken) ? label : throw new TimeoutException("nothing was delivered");

    private static ChatConnection Connect(BlockingCollection<string> received, Action<UserTyping> onDelivered)
    {
        var connection = new ChatConnection("reader", 1_000, (chatEvent, _) =>
        {
            var typing = (UserTyping)chatEvent;
            onDelivered(typing);
            received.Add(typing.Room!, CancellationToken.None);
            return ValueTask.CompletedTask;
        }, null, _ => { }, ChatMetrics.Unobserved.ForQueue());
        connection.Start();
        // A round counts on (and waits for) a pump only once it waits for events: until then it is not yet one of the round's.
        Assert.True(SpinWait.SpinUntil(() => connection.IsIdle, TimeSpan.FromSeconds(30)), "the pump never started waiting");
        return connection;
    }

    /// <summary>Fake time that reports every rest a timer is set for.</summary>
    private sealed class RestWatchingTime : FakeTimeProvider
    {
        public Channel<TimeSpan> Rests { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), Rests.Writer);

        private sealed class WatchedTimer(ITimer inner, ChannelWriter<TimeSpan> rests) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                var changed = inner.Change(dueTime, period);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    rests.TryWrite(dueTime);
                }

                return changed;
            }

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
