using System.Collections.Immutable;
using System.Threading.Channels;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Events;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Who is online, on this node and on the others, told to this node's connections as a state rather than a stream:
/// changes mark users dirty, and one loop sends the net changes to every connection, at most once per
/// <see cref="ChatOptions.PresenceBatchInterval"/>. Other nodes are heard through their notices and heartbeats; a
/// node silent for <see cref="ChatOptions.NodeTimeout"/> is taken for dead and its users go offline.
/// </summary>
internal sealed class PresenceBoard : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SubscriberRegistry _registry;
    private readonly BackplaneOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ChatOptions _options;
    private readonly Dictionary<string, RemoteNode> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _published = new(ChatNames.UserComparer); // what this node's connections were told
    private readonly HashSet<string> _announced = new(ChatNames.UserComparer); // what the other nodes were told
    private readonly HashSet<string> _dirty = new(ChatNames.UserComparer);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ITimer _heartbeat;
    private readonly Task _loop;
    private ImmutableArray<string> _snapshot = [];

    public PresenceBoard(SubscriberRegistry registry, BackplaneOutbox outbox, ChatOptions options, TimeProvider time)
    {
        (_registry, _outbox, _options, _time) = (registry, outbox, options, time);
        _heartbeat = time.CreateTimer(static state => ((PresenceBoard)state!).Beat(), this, options.HeartbeatInterval, options.HeartbeatInterval);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Everyone online now, on any node, sorted.</summary>
    public IReadOnlyList<string> Online
    {
        get
        {
            lock (_gate)
            {
                var online = new HashSet<string>(_registry.Online, ChatNames.UserComparer);
                foreach (var node in _nodes.Values)
                {
                    online.UnionWith(node.Users);
                }

                return online.Order(StringComparer.OrdinalIgnoreCase).ToList();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="add"/> with the online list this node's connections were last told, where no update can
    /// come between: a connection's hello and the updates after it never disagree.
    /// </summary>
    public T Register<T>(Func<ImmutableArray<string>, T> add)
    {
        lock (_gate)
        {
            return add(_snapshot);
        }
    }

    /// <summary>A user's first or last connection here came or went.</summary>
    public void Changed(string user)
    {
        lock (_gate)
        {
            _dirty.Add(user);
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>What another node said of its users.</summary>
    public void Apply(PresenceNotice notice)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(notice.Node, out var node))
            {
                _nodes[notice.Node] = node = new RemoteNode();
            }

            node.LastHeard = _time.GetUtcNow();
            if (notice.Full)
            {
                var now = new HashSet<string>(notice.Online, ChatNames.UserComparer);
                _dirty.UnionWith(node.Users.Where(u => !now.Contains(u)));
                _dirty.UnionWith(now.Where(u => !node.Users.Contains(u)));
                node.Users = now;
            }
            else
            {
                foreach (var user in notice.Online)
                {
                    if (node.Users.Add(user))
                    {
                        _dirty.Add(user);
                    }
                }

                foreach (var user in notice.Offline)
                {
                    if (node.Users.Remove(user))
                    {
                        _dirty.Add(user);
                    }
                }
            }
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>Tells the other nodes everyone online here, at once (a node started, or the backplane came back).</summary>
    public void Announce()
    {
        lock (_gate)
        {
            var online = _registry.Online;
            _announced.Clear();
            _announced.UnionWith(online);
            _outbox.Post(new PresenceNotice(_outbox.Node, Full: true, online, []));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _signal.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private void Beat()
    {
        Announce();
        lock (_gate)
        {
            var deadline = _time.GetUtcNow() - _options.NodeTimeout;
            foreach (var (name, node) in _nodes.Where(n => n.Value.LastHeard < deadline).ToList())
            {
                _nodes.Remove(name);
                _dirty.UnionWith(node.Users);
            }
        }

        _signal.Writer.TryWrite(true);
    }

    private async Task RunAsync()
    {
        while (await _signal.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _signal.Reader.TryRead(out _);
            Flush();
            if (_options.PresenceBatchInterval > TimeSpan.Zero)
            {
                // Pacing, not logic: the changes of the next interval go out together.
                await Task.Delay(_options.PresenceBatchInterval).ConfigureAwait(false);
            }
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            if (_dirty.Count == 0)
            {
                return;
            }

            var changes = new List<PresenceChange>();
            var (cameOnline, wentOffline) = (new List<string>(), new List<string>());
            foreach (var user in _dirty)
            {
                var here = _registry.IsOnline(user);
                if (here != _announced.Contains(user))
                {
                    (here ? cameOnline : wentOffline).Add(user);
                    _ = here ? _announced.Add(user) : _announced.Remove(user);
                }

                var online = here || _nodes.Values.Any(n => n.Users.Contains(user));
                if (online != _published.Contains(user))
                {
                    changes.Add(new PresenceChange(user, online));
                    _ = online ? _published.Add(user) : _published.Remove(user);
                }
            }

            _dirty.Clear();
            if (cameOnline.Count + wentOffline.Count > 0)
            {
                _outbox.Post(new PresenceNotice(_outbox.Node, Full: false, cameOnline, wentOffline));
            }

            if (changes.Count > 0)
            {
                _snapshot = [.. _published.Order(StringComparer.OrdinalIgnoreCase)];
                var update = new PresenceUpdated(changes);
                foreach (var connection in _registry.All)
                {
                    connection.Enqueue(update);
                }
            }
        }
    }

    // Guarded by _gate.
    private sealed class RemoteNode
    {
        public HashSet<string> Users { get; set; } = new(ChatNames.UserComparer);

        public DateTimeOffset LastHeard { get; set; }
    }
}
