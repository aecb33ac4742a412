using System.Diagnostics.Metrics;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;
using BlazorChat.Domain.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Metrics;

/// <summary>
/// What the chat's own instruments count, read from a node built on its own meter factory (so nothing else in the
/// process adds to them): the numbers an operator graphs must be the events users saw.
/// </summary>
public sealed class ChatMetricsTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private ChatRoomService? _chat;

    private IMeterFactory Factory => _meters.GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task EveryEventQueuedToAConnection_IsOneDelivery_AndAPostIsCountedOnce()
    {
        using var deliveries = Collect<long>("blazorchat.deliveries");
        using var committed = Collect<long>("blazorchat.messages.committed");
        var chat = Chat(new ChatOptions { SendBurst = 100 });
        var received = 0;
        var seen = new TaskCompletionSource();
        ValueTask Deliver(ChatEvent e, CancellationToken _)
        {
            Interlocked.Increment(ref received);
            if (e is MessagePosted)
            {
                seen.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }

        using var alice = await chat.ConnectAsync("alice", Deliver);
        using var bob = await chat.ConnectAsync("bob", Deliver);
        Assert.True((await chat.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "hi")).IsSuccess);
        await seen.Task.WaitAsync(Deadline);

        // Counted as queued, received after: the two agree once the pumps are through.
        await WaitUntilAsync(() => deliveries.GetMeasurementSnapshot().Sum(m => m.Value) == Volatile.Read(ref received));
        Assert.True(received >= 4, $"two hellos and the message to both sockets, got {received}");
        var post = Assert.Single(committed.GetMeasurementSnapshot());
        Assert.Equal(1, post.Value);
        Assert.Equal("post", post.Tags["kind"]);
    }

    [Fact]
    public async Task Edits_Deletes_AndReactions_AreCountedByKind_OnlyWhenTheyChangeSomething()
    {
        using var committed = Collect<long>("blazorchat.messages.committed");
        var chat = Chat(new ChatOptions { SendBurst = 100 });
        var sent = (await chat.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "first")).Value!;

        Assert.True((await chat.EditAsync("alice", sent.MessageId, "second")).IsSuccess);
        Assert.True((await chat.ReactAsync("bob", sent.MessageId, "👍", on: true)).IsSuccess);
        Assert.True((await chat.ReactAsync("bob", sent.MessageId, "👍", on: true)).IsSuccess); // already on: nothing changes
        Assert.False((await chat.EditAsync("bob", sent.MessageId, "not yours")).IsSuccess);
        Assert.True((await chat.DeleteAsync("alice", sent.MessageId)).IsSuccess);

        Assert.Equal(["post", "edit", "react", "delete"], committed.GetMeasurementSnapshot().Select(m => (string)m.Tags["kind"]!));
    }

    [Fact]
    public async Task ASendPastTheUsersBudget_IsCountedAsARefusalOfTheUserBudget()
    {
        using var refusals = Collect<long>("blazorchat.rate_limit.refusals");
        var chat = Chat(new ChatOptions { SendBurst = 1, SendsPerSecond = 1 });

        Assert.True((await chat.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "one")).IsSuccess);
        var refused = await chat.SendAsync("alice", ChatTarget.ToRoom(ChatNames.General), "two");

        Assert.Equal(ChatErrorCodes.RateLimited, refused.Error?.Code);
        var refusal = Assert.Single(refusals.GetMeasurementSnapshot());
        Assert.Equal("user", refusal.Tags["budget"]);
    }

    [Fact]
    public async Task AReaderThatStalls_IsCountedAsOverflowed_AndTheQueueHighWaterShowsItFull()
    {
        using var overflowed = Collect<long>("blazorchat.connections.overflowed");
        using var deepest = Collect<int>("blazorchat.outbound_queue.depth_max");
        var chat = Chat(new ChatOptions { OutboundQueueCapacity = 4, SendBurst = 100 });
        var stuck = new TaskCompletionSource();
        var ended = new TaskCompletionSource<ConnectionEndReason>();
        using var slow = await chat.ConnectAsync("carol", async (_, ct) => await stuck.Task.WaitAsync(ct), r => ended.TrySetResult(r));

        for (var i = 0; i < 10 && !ended.Task.IsCompleted; i++)
        {
            await chat.SendAsync("bob", ChatTarget.ToRoom(ChatNames.General), $"m{i}");
        }

        Assert.Equal(ConnectionEndReason.Overflowed, await ended.Task.WaitAsync(Deadline));
        Assert.Equal(1, Assert.Single(overflowed.GetMeasurementSnapshot()).Value);
        deepest.RecordObservableInstruments();
        Assert.Equal(4, deepest.LastMeasurement?.Value); // the pump holds the hello; four more fill the queue
        deepest.RecordObservableInstruments();
        Assert.Equal(0, deepest.LastMeasurement?.Value); // a mark per collection: nothing was queued since
    }

    [Fact]
    public async Task UsersOnline_RiseWithAUsersFirstConnection_AndFallWithTheirLast()
    {
        using var online = Collect<int>("blazorchat.users.online");
        var chat = Chat(new ChatOptions());
        static ValueTask Ignore(ChatEvent e, CancellationToken ct) => ValueTask.CompletedTask;

        var aliceTab = await chat.ConnectAsync("alice", Ignore);
        var alicePhone = await chat.ConnectAsync("alice", Ignore);
        using var bob = await chat.ConnectAsync("bob", Ignore);
        Assert.Equal(2, online.GetMeasurementSnapshot().Sum(m => m.Value));

        aliceTab.Dispose();
        Assert.Equal(2, online.GetMeasurementSnapshot().Sum(m => m.Value));
        alicePhone.Dispose();
        Assert.Equal(1, online.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (_chat is not null)
        {
            await _chat.DisposeAsync();
        }

        await _meters.DisposeAsync();
    }

    private MetricCollector<T> Collect<T>(string instrument) where T : struct => new(Factory, ChatMetrics.MeterName, instrument);

    private ChatRoomService Chat(ChatOptions options)
    {
        var messages = new InMemoryChatMessageStore();
        _chat = new ChatRoomService(
            messages, new InMemoryMembershipStore(), new InMemoryReadMarkerStore(messages), new InMemoryUserDirectory(["alice", "bob", "carol"]),
            options, _time, metrics: new ChatMetrics(Factory));
        return _chat;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(20); // a poll interval: the next look checks again, without spinning a core the pumps need
        }
    }
}
