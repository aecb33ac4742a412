using System.Collections.Concurrent;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;

namespace BlazorChat.Tests.Components.Support;

/// <summary>Another user's subscriber that records its events and lets a test wait for one, without sleeping.</summary>
public sealed class EventRecorder : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<ChatEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private EventRecorder()
    {
    }

    /// <summary>The recorded subscription.</summary>
    public ChatConnection Connection { get; private set; } = default!;

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<ChatEvent> Events => [.. _events];

    public static async Task<EventRecorder> ConnectAsync(IChatRoomService chat, string user)
    {
        var recorder = new EventRecorder();
        recorder.Connection = await chat.ConnectAsync(user, (e, _) =>
        {
            recorder._events.Enqueue(e);
            recorder._arrived.Release();
            return ValueTask.CompletedTask;
        });
        return recorder;
    }

    /// <summary>Waits until an event of type <typeparamref name="T"/> matching <paramref name="match"/> has arrived.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ChatEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (_events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No {typeof(T).Name} arrived; got {string.Join(", ", _events.Select(e => e.GetType().Name))}.");
            }
        }
    }

    public void Dispose()
    {
        Connection.Dispose();
        _arrived.Dispose();
    }
}
