using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Internal;

namespace BlazorChat.Domain;

// One node among several: starting, stopping, and sign-outs every node hears of.
public sealed partial class ChatRoomService
{
    private readonly Lock _startGate = new();
    private Task? _start;
    private bool _subscribed;

    /// <inheritdoc />
    public void EndSession(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _outbox.Post(new SessionEndedNotice(_outbox.Node, sessionId));
        SessionEnded?.Invoke(sessionId);
    }

    /// <summary>Notices not yet handed to the backplane (for tests).</summary>
    internal int OutboxBacklog => _outbox.Backlog;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _streams.Dispose();
        await _presence.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _remote.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the node, so it hears the others before its first connection (otherwise the first call starts it):
    /// subscribe to the backplane, then read where every conversation stands — in that order, so nothing committed
    /// in between is missed — then ask who is online elsewhere. A failed start is tried again by the next call.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => EnsureStartedAsync(cancellationToken);

    private Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        Task start;
        lock (_startGate)
        {
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartNodeAsync();
            }

            start = _start;
        }

        return start.IsCompletedSuccessfully ? Task.CompletedTask : start.WaitAsync(cancellationToken);
    }

    private async Task StartNodeAsync()
    {
        if (!_subscribed)
        {
            await _backplane.SubscribeAsync(_remote).ConfigureAwait(false);
            _subscribed = true;
        }

        await _streams.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        _outbox.Post(new PresenceQuery(_outbox.Node));
    }
}
