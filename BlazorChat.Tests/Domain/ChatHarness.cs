using System.Threading.Channels;
using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

/// <summary>A real <see cref="ChatRoomService"/> on in-memory stores with a fake clock.</summary>
internal sealed class ChatHarness
{
    public ChatHarness(ChatOptions? options = null, params string[] users)
        : this(new InMemoryChatMessageStore(), options, users)
    {
    }

    public ChatHarness(IChatMessageStore messages, ChatOptions? options = null, params string[] users)
    {
        Users = new InMemoryUserDirectory(users.Length > 0 ? users : ["alice", "bob", "carol", "dave"]);
        Service = new ChatRoomService(messages, Memberships, Users, options ?? new ChatOptions { SendBurst = 100_000 }, Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public InMemoryMembershipStore Memberships { get; } = new();

    public InMemoryUserDirectory Users { get; }

    public ChatRoomService Service { get; }

    public async Task<Subscriber> ConnectAsync(string user)
    {
        var subscriber = new Subscriber();
        subscriber.Connection = await Service.ConnectAsync(user, subscriber.DeliverAsync, subscriber.OnEnded);
        var hello = await subscriber.NextAsync();
        Assert.IsType<SessionStarted>(hello);
        return subscriber;
    }
}

/// <summary>Records what one connection receives; waits are bounded by a deadline.</summary>
internal sealed class Subscriber
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Channel<ChatEvent> _received = Channel.CreateUnbounded<ChatEvent>();
    private readonly TaskCompletionSource<ConnectionEndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChatConnection Connection { get; set; } = null!;

    public Task<ConnectionEndReason> Ended => _ended.Task;

    public ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite(chatEvent);
        return ValueTask.CompletedTask;
    }

    public void OnEnded(ConnectionEndReason reason) => _ended.TrySetResult(reason);

    public async Task<ChatEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async Task<T> NextAsync<T>(Func<T, bool>? match = null) where T : ChatEvent
    {
        while (true)
        {
            if (await NextAsync() is T typed && (match is null || match(typed)))
            {
                return typed;
            }
        }
    }

    /// <summary>Every event up to and including the first message with <paramref name="text"/> (a barrier).</summary>
    public async Task<List<ChatEvent>> ThroughMessageAsync(string text)
    {
        var seen = new List<ChatEvent>();
        while (true)
        {
            var next = await NextAsync();
            seen.Add(next);
            if (next is MessagePosted posted && posted.Message.Text == text)
            {
                return seen;
            }
        }
    }

    public List<ChatEvent> ReceivedSoFar()
    {
        var events = new List<ChatEvent>();
        while (_received.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }
}
