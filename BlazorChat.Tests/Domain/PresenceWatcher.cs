using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// A subscriber that keeps who is online the way a client does — the hello's list, then each
/// <see cref="PresenceUpdated"/> applied in order — optionally taking <c>slowness</c> per event, as a slow browser or
/// network would. Waits are bounded; a connection that ends fails them at once.
/// </summary>
internal sealed class PresenceWatcher(string user, TimeSpan slowness = default)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _online = new(ChatNames.UserComparer);
    private readonly List<ChatEvent> _events = [];
    private readonly List<(Func<bool> Met, TaskCompletionSource Done)> _waits = [];

    public string User { get; } = user;

    public ChatConnection Connection { get; set; } = null!;

    public ConnectionEndReason? EndedBecause { get; private set; }

    /// <summary>How many events arrived, the hello included.</summary>
    public int Events
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    public IReadOnlySet<string> Online
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<string>(_online, ChatNames.UserComparer);
            }
        }
    }

    public async ValueTask DeliverAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (slowness > TimeSpan.Zero)
        {
            await Task.Delay(slowness, cancellationToken); // the simulated slow subscriber, not a wait for the test
        }

        lock (_gate)
        {
            _events.Add(chatEvent);
            switch (chatEvent)
            {
                case SessionStarted hello:
                    _online.Clear();
                    _online.UnionWith(hello.Online);
                    break;
                case PresenceUpdated update:
                    foreach (var change in update.Changes)
                    {
                        _ = change.Online ? _online.Add(change.User) : _online.Remove(change.User);
                    }

                    break;
            }

            _waits.RemoveAll(w => w.Met() && w.Done.TrySetResult());
        }
    }

    public void OnEnded(ConnectionEndReason reason)
    {
        lock (_gate)
        {
            EndedBecause = reason;
            foreach (var (_, done) in _waits)
            {
                done.TrySetException(new InvalidOperationException($"{User}'s connection ended: {reason}"));
            }

            _waits.Clear();
        }
    }

    /// <summary>Completes once exactly <paramref name="users"/> are known to be online.</summary>
    public Task KnowsOnlineAsync(IReadOnlyCollection<string> users, TimeSpan deadline) =>
        UntilAsync(() => _online.SetEquals(users), deadline);

    /// <summary>Completes once an event matching <paramref name="match"/> has arrived (or had already).</summary>
    public Task SawAsync<T>(Func<T, bool> match, TimeSpan deadline) where T : ChatEvent =>
        UntilAsync(() => _events.OfType<T>().Any(match), deadline);

    private Task UntilAsync(Func<bool> met, TimeSpan deadline)
    {
        lock (_gate)
        {
            if (met())
            {
                return Task.CompletedTask;
            }

            if (EndedBecause is { } reason)
            {
                return Task.FromException(new InvalidOperationException($"{User}'s connection ended: {reason}"));
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((met, done));
            return done.Task.WaitAsync(deadline);
        }
    }
}
