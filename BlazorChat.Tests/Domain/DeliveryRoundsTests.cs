using System.Collections.Concurrent;
using System.Collections.Immutable;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Metrics;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The node hands events to its connections in rounds: whatever the threads publishing at once, every connection gets
/// every event meant for it exactly once, and each publisher's events in the order it published them.
/// </summary>
public sealed class DeliveryRoundsTests
{
    private const int Publishers = 4;
    private const int EventsEach = 1_000;
    private const int Audience = 400; // rounds long enough that publishers keep adding while one runs

    [Fact]
    public async Task ManyThreadsPublishingAtOnce_EveryConnectionGetsEveryEventOnce_InEachPublishersOrder()
    {
        var rounds = new DeliveryRounds();
        var received = new ConcurrentDictionary<ChatConnection, List<UserTyping>>();
        var all = new CountdownEvent((Audience / 2 * Publishers * EventsEach) + (Audience / 2 * Publishers * EventsEach / 2)); // half go to half
        var connections = Enumerable.Range(0, Audience).Select(i => Connect($"user{i}", received, all)).ToImmutableArray();

        // Publishers on threads of their own, so the thread pool is free to start a round while another runs.
        var publishers = Enumerable.Range(0, Publishers).Select(p => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < EventsEach; i++)
            {
                // Half to the whole audience, half to a part of it: rounds mix audiences.
                rounds.Publish(i % 2 == 0 ? connections : connections[..(Audience / 2)], new UserTyping($"p{p}", i.ToString(), null));
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(publishers);

        Assert.True(all.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), $"{all.CurrentCount} events not delivered");

        foreach (var (connection, events) in received)
        {
            var wide = int.Parse(connection.User[4..], System.Globalization.CultureInfo.InvariantCulture) < Audience / 2;
            for (var p = 0; p < Publishers; p++)
            {
                var order = events.Where(e => e.User == $"p{p}").Select(e => int.Parse(e.Room!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(Enumerable.Range(0, EventsEach).Where(i => wide || i % 2 == 0), order);
            }
        }
    }

    [Fact]
    public async Task AnEventForOthers_SkipsEveryConnectionOfTheUserItIsAbout()
    {
        var rounds = new DeliveryRounds();
        var received = new ConcurrentDictionary<ChatConnection, List<UserTyping>>();
        var all = new CountdownEvent(2);
        ImmutableArray<ChatConnection> connections = [Connect("alice", received, all), Connect("Alice", received, all), Connect("bob", received, all), Connect("carol", received, all)];

        rounds.Publish(connections, new UserTyping("alice", "general", null), exceptUser: "alice");

        Assert.True(all.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        await Task.WhenAll(connections.Select(c => Task.Run(c.Dispose, TestContext.Current.CancellationToken)));
        Assert.Equal(["bob", "carol"], received.Where(r => r.Value.Count > 0).Select(r => r.Key.User).Order());
    }

    [Fact]
    public async Task AConnectionWhoseDeliveryWaits_DoesNotHoldTheRoundsAfterIt_AndGetsEverythingOnceItGoesOn()
    {
        var rounds = new DeliveryRounds();
        var received = new ConcurrentDictionary<ChatConnection, List<UserTyping>>();
        var prompt = new CountdownEvent(EventsEach);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalledGot = new List<int>();
        var stalledAll = new CountdownEvent(EventsEach);
        var slow = new ChatConnection("slow", 1_000_000, async (chatEvent, _) =>
        {
            await stalled.Task; // a reader whose socket stopped taking bytes
            stalledGot.Add(int.Parse(((UserTyping)chatEvent).Room!, System.Globalization.CultureInfo.InvariantCulture));
            stalledAll.Signal();
        }, null, _ => { }, ChatMetrics.Unobserved.ForQueue());
        slow.Start();
        var fast = Connect("fast", received, prompt);
        ImmutableArray<ChatConnection> audience = [slow, fast];

        // One at a time, as a room's messages are committed: each publish is likely a round of its own.
        for (var i = 0; i < EventsEach; i++)
        {
            rounds.Publish(audience, new UserTyping("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }

        Assert.True(prompt.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), $"{prompt.CurrentCount} events held behind the stalled reader");
        Assert.Equal(Enumerable.Range(0, EventsEach), received[fast].Select(e => int.Parse(e.Room!, System.Globalization.CultureInfo.InvariantCulture)));

        stalled.SetResult();
        Assert.True(stalledAll.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), $"{stalledAll.CurrentCount} events never reached the reader that went on");
        await Task.WhenAll(Task.Run(slow.Dispose, TestContext.Current.CancellationToken), Task.Run(fast.Dispose, TestContext.Current.CancellationToken));
        Assert.Equal(Enumerable.Range(0, EventsEach), stalledGot);
    }

    [Fact]
    public async Task AConnectionWhoseDeliveryFails_IsEnded_AndTheOthersGetEveryLaterEvent()
    {
        var rounds = new DeliveryRounds();
        var ended = new TaskCompletionSource<ConnectionEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        var broken = new ChatConnection("broken", 1_000_000, (chatEvent, _) => ((UserTyping)chatEvent).Room == "250"
            ? throw new IOException("the socket is gone")
            : ValueTask.CompletedTask, ended.SetResult, _ => { }, ChatMetrics.Unobserved.ForQueue());
        var got = new List<int>();
        var each = new SemaphoreSlim(0);
        var fast = new ChatConnection("fast", 1_000_000, (chatEvent, _) =>
        {
            got.Add(int.Parse(((UserTyping)chatEvent).Room!, System.Globalization.CultureInfo.InvariantCulture));
            each.Release();
            return ValueTask.CompletedTask;
        }, null, _ => { }, ChatMetrics.Unobserved.ForQueue());
        broken.Start();
        fast.Start();
        ImmutableArray<ChatConnection> audience = [broken, fast];

        // One at a time, as in a quiet room: a round each, and both pumps idle when it comes. The broken one fails in
        // the middle; every later event must still reach the other.
        for (var i = 0; i < EventsEach; i++)
        {
            rounds.Publish(audience, new UserTyping("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            Assert.True(await each.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), $"event {i} held behind the failed connection");
        }

        Assert.Equal(ConnectionEndReason.DeliveryFailed, await ended.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(Enumerable.Range(0, EventsEach), got);
        fast.Dispose();
    }

    private static ChatConnection Connect(string user, ConcurrentDictionary<ChatConnection, List<UserTyping>> received, CountdownEvent all)
    {
        ChatConnection? self = null;
        var connection = new ChatConnection(user, 1_000_000, (chatEvent, _) =>
        {
            received[self!].Add((UserTyping)chatEvent); // one pump per connection: its list is written by one thread at a time
            all.Signal();
            return ValueTask.CompletedTask;
        }, null, _ => { }, ChatMetrics.Unobserved.ForQueue());
        self = connection;
        received[connection] = [];
        connection.Start();
        return connection;
    }
}
