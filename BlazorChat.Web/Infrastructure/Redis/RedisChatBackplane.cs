using BlazorChat.Domain.Backplane;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// The backplane of several nodes over Redis pub/sub: one channel (<c>{prefix}:events</c>) that every node publishes to
/// and subscribes to, each dropping its own notices. A node starts and serves its own clients with Redis down; it
/// counts as connected only once its subscription has answered a self-check, and after every outage it checks again
/// (subscribing anew if its subscription was silently lost) before it tells its receiver <c>Reconnected</c>.
/// </summary>
internal sealed partial class RedisChatBackplane : IChatBackplane, IAsyncDisposable
{
    private readonly RedisBackplaneOptions _options;
    private readonly ConfigurationOptions _redisOptions;
    private readonly ILogger _logger;
    private readonly Action? _outage;
    private readonly RedisChannel _channel;
    private readonly SelfCheckPings _pings = new();
    private readonly Wakeup _wakeup = new();
    private readonly CancellationTokenSource _disposing = new();

    // Guards the three fields below: whether the subscription answered its last check, how many connection failures
    // were seen (a check that straddles a failure proves nothing), and the signal of the next failure (which ends a
    // check's wait for its ping at once).
    private readonly Lock _state = new();
    private bool _verified;
    private long _failures;
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConnectionMultiplexer? _redis;   // set by SubscribeAsync, or later by the supervisor if connecting failed
    private ChannelMessageQueue? _queue;     // owned by whoever runs a check: SubscribeAsync, then only the supervisor
    private ReceiverPump? _pump;
    private Task _subscribing = Task.CompletedTask; // set under _state; a SubscribeAsync in flight, awaited by DisposeAsync
    private Task _supervisor = Task.CompletedTask;  // started under _state, and only while not disposed
    private int _subscribed;
    private int _disposed;                          // set under _state

    /// <summary>A node on Redis; <paramref name="outage"/> is told each time a working connection is lost (the metrics count it).</summary>
    public RedisChatBackplane(RedisBackplaneOptions options, ILogger<RedisChatBackplane> logger, Action? outage = null)
    {
        _outage = outage;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeId);
        ArgumentException.ThrowIfNullOrEmpty(options.ChannelPrefix);
        (_options, _logger) = (options, logger);
        _channel = RedisChannel.Literal(options.EventsChannel);
        _redisOptions = options.Redis.Clone();
        _redisOptions.AbortOnConnectFail = false;            // start without Redis; connect when it answers
        _redisOptions.BacklogPolicy = BacklogPolicy.FailFast; // a notice is never queued to go out after an outage
        _redisOptions.ClientName ??= ClientNameOf(options.NodeId);
    }

    /// <inheritdoc />
    public string NodeId => _options.NodeId;

    /// <inheritdoc />
    public bool IsConnected
    {
        get
        {
            lock (_state)
            {
                return _verified;
            }
        }
    }

    /// <summary>
    /// Connects and subscribes. Completes once the subscription answered its self-check, or once connecting failed
    /// (within the connect timeout) or the connection failed during the check: the node then runs on its own, and its
    /// receiver is told <c>Reconnected</c> when the subscription works, since it may have missed notices meanwhile. A
    /// busy machine's late answer is waited for (see <see cref="RedisBackplaneOptions.FreshSelfCheckTimeout"/>): a node
    /// that reaches Redis starts connected.
    /// </summary>
    public async Task SubscribeAsync(IBackplaneReceiver receiver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.Exchange(ref _subscribed, 1) != 0)
        {
            throw new InvalidOperationException("A backplane node has one receiver.");
        }

        cancellationToken.ThrowIfCancellationRequested(); // then bounded by the connect, command and self-check timeouts
        var subscribing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_state)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            _subscribing = subscribing.Task; // disposal waits for it, so that it never starts anything after
        }

        try
        {
            _pump = new ReceiverPump(receiver, NodeId, _logger);
            await TryConnectAsync().ConfigureAwait(false);
            await AwaitSlowConnectAsync().ConfigureAwait(false);
            if (_disposing.IsCancellationRequested)
            {
                return;
            }

            if (await TryVerifyAsync().ConfigureAwait(false))
            {
                RedisBackplaneLog.Subscribed(_logger, NodeId, _options.EventsChannel);
            }
            else if (!_disposing.IsCancellationRequested)
            {
                RedisBackplaneLog.NotReachableAtStart(_logger, NodeId);
            }

            lock (_state)
            {
                if (_disposed == 0)
                {
                    _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
                }
            }
        }
        finally
        {
            subscribing.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> PublishAsync(BackplaneNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!IsConnected || _redis is not { } redis)
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = BackplaneWire.Encode(notice);
        }
        catch (NotSupportedException)
        {
            RedisBackplaneLog.NoWireForm(_logger, NodeId, notice.GetType().Name);
            return false;
        }

        try
        {
            var sent = redis.GetSubscriber().PublishAsync(_channel, payload);
            await (cancellationToken.CanBeCanceled ? sent.WaitAsync(cancellationToken) : sent).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            // A connection that just died, a timeout, a cancelled caller: dropped, as the contract says.
            RedisBackplaneLog.PublishFailed(_logger, NodeId, notice.GetType().Name, ex.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_state)
        {
            if (_disposed != 0)
            {
                return;
            }

            _disposed = 1; // from here on SubscribeAsync starts no supervisor
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _subscribing.ConfigureAwait(false); // bounded by the connect timeout; its waits end on _disposing
        await _supervisor.ConfigureAwait(false);
        if (_redis is { } redis)
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
            await redis.DisposeAsync().ConfigureAwait(false);
        }

        if (_pump is { } pump)
        {
            await pump.DisposeAsync().ConfigureAwait(false);
        }

        _wakeup.Dispose();
        _disposing.Dispose();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        bool wasVerified;
        TaskCompletionSource lost;
        lock (_state)
        {
            (wasVerified, _verified) = (_verified, false);
            _failures++;
            (lost, _lost) = (_lost, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        lost.TrySetResult();

        if (wasVerified)
        {
            _outage?.Invoke();
            RedisBackplaneLog.ConnectionLost(_logger, NodeId, e.ConnectionType.ToString(), e.FailureType.ToString());
        }
        else
        {
            RedisBackplaneLog.StillDown(_logger, NodeId, e.ConnectionType.ToString(), e.FailureType.ToString());
        }

        _wakeup.Set();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _wakeup.Set();

    // CLIENT SETNAME takes no spaces; the name only helps whoever reads CLIENT LIST.
    private static string ClientNameOf(string nodeId) =>
        string.Concat(nodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
