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
        using var reader = new OneReader(MaxRest);

        reader.PublishFirst(roundTookMs, "second", "third"); // a round that takes a while, with more committed meanwhile

        Assert.Equal(TimeSpan.FromMilliseconds(restMs), await reader.NextRestAsync());
        Assert.Equal("first", reader.Take());
        Assert.Empty(reader.Received); // resting: the clock has not moved since

        reader.Time.Advance(TimeSpan.FromMilliseconds(restMs));
        Assert.Equal(["second", "third"], [reader.Take(), reader.Take()]);
    }

    [Fact]
    public async Task WhatIsPublishedDuringARest_JoinsTheRestingRound_AndAQuietPublishAfterItGoesAtOnce()
    {
        using var reader = new OneReader(MaxRest);
        reader.PublishFirst(roundTookMs: 10, "second");
        Assert.Equal(TimeSpan.FromMilliseconds(10), await reader.NextRestAsync());
        Assert.Equal("first", reader.Take());

        reader.Publish("during"); // a round is already waiting: this joins it, no second round starts
        Assert.Empty(reader.Received);
        reader.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(["second", "during"], [reader.Take(), reader.Take()]);

        reader.Publish("later"); // that round took no time: nothing rests
        Assert.Equal("later", reader.Take());
        Assert.False(reader.Time.Rests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ShuttingDownDuringARest_HandsTheRestingRoundOverAtOnce()
    {
        using var reader = new OneReader(MaxRest);
        reader.PublishFirst(roundTookMs: 10, "second");
        await reader.NextRestAsync();
        Assert.Equal("first", reader.Take());

        reader.EndRests();

        Assert.Equal("second", reader.Take()); // the clock never moved
    }

    [Fact]
    public void AfterAQuickRound_TheNextStartsAtOnce()
    {
        using var reader = new OneReader(MaxRest);

        reader.PublishFirst(roundTookMs: 0, "second"); // a backlog, but the round took no time

        Assert.Equal(["first", "second"], [reader.Take(), reader.Take()]); // the clock never moved
        Assert.False(reader.Time.Rests.Reader.TryRead(out _));
    }

    [Fact]
    public void WithNoRestConfigured_ABusyRoundsSuccessorStartsAtOnce()
    {
        using var reader = new OneReader(TimeSpan.Zero);

        reader.PublishFirst(roundTookMs: 100, "second");

        Assert.Equal(["first", "second"], [reader.Take(), reader.Take()]);
        Assert.False(reader.Time.Rests.Reader.TryRead(out _));
    }

    /// <summary>One connection on rounds of fake time; delivering "first" takes a set time and publishes more meanwhile.</summary>
    private sealed class OneReader : IDisposable
    {
        private readonly DeliveryRounds _rounds;
        private readonly ChatConnection _connection;
        private readonly ImmutableArray<ChatConnection> _audience;
        private int _roundTookMs;
        private string[] _meanwhile = [];

        public OneReader(TimeSpan maxRest)
        {
            _rounds = new DeliveryRounds(maxRest, Time);
            _connection = Connect(Received, typing =>
            {
                if (typing.Room == "first")
                {
                    Time.Advance(TimeSpan.FromMilliseconds(_roundTookMs));
                    foreach (var label in _meanwhile)
                    {
                        _rounds.Publish(_audience, Typing(label));
                    }
                }
            });
            _audience = [_connection];
        }

        public RestWatchingTime Time { get; } = new();

        public BlockingCollection<string> Received { get; } = new();

        public void PublishFirst(int roundTookMs, params string[] meanwhile)
        {
            (_roundTookMs, _meanwhile) = (roundTookMs, meanwhile);
            _rounds.Publish(_audience, Typing("first"));
        }

        public void Publish(string label) => _rounds.Publish(_audience, Typing(label));

        public void EndRests() => _rounds.Dispose();

        public Task<TimeSpan> NextRestAsync() =>
            Time.Rests.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        public string Take() =>
            Received.TryTake(out var label, 30_000, TestContext.Current.CancellationToken) ? label : throw new TimeoutException("nothing was delivered");

        public void Dispose()
        {
            _rounds.Dispose();
            _connection.Dispose();
            Received.Dispose();
        }
    }

    private static UserTyping Typing(string label) => new("p", label, null);

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
