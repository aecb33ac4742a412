using System.Collections.Immutable;
using System.Threading.Channels;
using BlazorChat.Domain.Backplane;

namespace BlazorChat.Domain.InMemory;

/// <summary>
/// The backplane of nodes in one process: the default (one node, which hears nobody) and, over a shared
/// <see cref="InMemoryBackplaneHub"/>, several <see cref="ChatRoomService"/> nodes in a test. Each node receives on its
/// own pump, in publication order, as it would from Redis.
/// </summary>
public sealed class InMemoryChatBackplane : IChatBackplane, IAsyncDisposable
{
    private readonly InMemoryBackplaneHub _hub;
    private readonly Channel<BackplaneNotice> _inbox = Channel.CreateUnbounded<BackplaneNotice>(new() { SingleReader = true });
    private IBackplaneReceiver? _receiver;
    private Task _pump = Task.CompletedTask;
    private volatile bool _connected = true;

    /// <summary>A node alone: one node behaves as a single process always did.</summary>
    public InMemoryChatBackplane()
        : this(new InMemoryBackplaneHub(), "local")
    {
    }

    /// <summary>A node named <paramref name="nodeId"/> on <paramref name="hub"/>.</summary>
    public InMemoryChatBackplane(InMemoryBackplaneHub hub, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        (_hub, NodeId) = (hub, nodeId);
    }

    /// <inheritdoc />
    public string NodeId { get; }

    /// <inheritdoc />
    public bool IsConnected => _connected;

    /// <inheritdoc />
    public Task SubscribeAsync(IBackplaneReceiver receiver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (Interlocked.CompareExchange(ref _receiver, receiver, null) is not null)
        {
            throw new InvalidOperationException("A backplane node has one receiver.");
        }

        _pump = Task.Run(PumpAsync, CancellationToken.None);
        _hub.Add(this);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> PublishAsync(BackplaneNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!_connected)
        {
            return ValueTask.FromResult(false);
        }

        foreach (var node in _hub.Nodes)
        {
            if (!ReferenceEquals(node, this) && node._connected)
            {
                node._inbox.Writer.TryWrite(notice);
            }
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>Cuts this node off (as a Redis outage would): what is published meanwhile, to it or by it, is lost.</summary>
    public void Disconnect() => _connected = false;

    /// <summary>
    /// Connects this node again and tells its receiver, as a Redis client does after an outage: after every notice it
    /// received before, on the same pump, never alongside one.
    /// </summary>
    public void Reconnect()
    {
        _connected = true;
        _inbox.Writer.TryWrite(ReconnectedMark.Instance);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _hub.Remove(this);
        _inbox.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (var notice in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (notice is ReconnectedMark)
            {
                _receiver!.Reconnected();
            }
            else
            {
                _receiver!.Receive(notice);
            }
        }
    }

    /// <summary>Where in the inbox the node came back.</summary>
    private sealed record ReconnectedMark() : BackplaneNotice(string.Empty)
    {
        public static readonly ReconnectedMark Instance = new();
    }
}

/// <summary>The shared medium of <see cref="InMemoryChatBackplane"/> nodes in one process.</summary>
public sealed class InMemoryBackplaneHub
{
    private ImmutableArray<InMemoryChatBackplane> _nodes = [];

    internal ImmutableArray<InMemoryChatBackplane> Nodes => _nodes;

    internal void Add(InMemoryChatBackplane node) => ImmutableInterlocked.Update(ref _nodes, static (n, node) => n.Add(node), node);

    internal void Remove(InMemoryChatBackplane node) => ImmutableInterlocked.Update(ref _nodes, static (n, node) => n.Remove(node), node);
}
