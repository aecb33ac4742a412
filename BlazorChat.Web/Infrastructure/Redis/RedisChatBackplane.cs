using BlazorChat.Domain.Backplane;
using Microsoft.Extensions.Logging;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// The backplane of several nodes over Redis pub/sub: one channel (<c>{prefix}:events</c>) that every node publishes to
/// and subscribes to, each dropping its own notices. A node starts and serves its own clients with Redis down; it
/// counts as connected only once its subscription has answered a self-check, and after every outage it checks again
/// (subscribing anew if its subscription was silently lost) before it tells its receiver <c>Reconnected</c>.
/// </summary>
/// <remarks>
/// The node's lifetime (start, publish, disposal) is here; the connection is <see cref="RedisBackplaneConnection"/>, the
/// subscription and its self-check <see cref="SelfCheckedSubscription"/>, and what both agree on <see cref="SubscriptionHealth"/>.
/// </remarks>
internal sealed class RedisChatBackplane : IChatBackplane, IAsyncDisposable
{
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly SubscriptionHealth _health = new();
    private readonly RedisBackplaneConnection _connection;
    private readonly CancellationTokenSource _disposing = new();

    // Guards the start of background work against disposal: SubscribeAsync starts nothing once disposal began, and
    // disposal waits for what was started.
    private readonly Lock _state = new();
    private Task _subscribing = Task.CompletedTask; // set under _state; a SubscribeAsync in flight, awaited by DisposeAsync
    private Task _supervisor = Task.CompletedTask;  // started under _state, and only while not disposed
    private int _disposed;                          // set under _state

    private ReceiverPump? _pump; // set by SubscribeAsync
    private int _subscribed;

    /// <summary>A node on Redis; <paramref name="outage"/> is told each time a working connection is lost (the metrics count it).</summary>
    public RedisChatBackplane(RedisBackplaneOptions options, ILogger<RedisChatBackplane> logger, Action? outage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeId);
        ArgumentException.ThrowIfNullOrEmpty(options.ChannelPrefix);
        (_options, _logger) = (options, logger);
        _connection = new RedisBackplaneConnection(options, _health, logger, outage);
    }

    /// <inheritdoc />
    public string NodeId => _options.NodeId;

    /// <inheritdoc />
    public bool IsConnected => _health.IsVerified;

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
            var stopping = _disposing.Token;
            _pump = new ReceiverPump(receiver, NodeId, _logger);
            var subscription = new SelfCheckedSubscription(_options, _connection, _health, _pump, _logger);
            await _connection.TryConnectAsync().ConfigureAwait(false);
            await _connection.AwaitSlowConnectAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (await subscription.TryVerifyAsync(stopping).ConfigureAwait(false))
            {
                RedisBackplaneLog.Subscribed(_logger, NodeId, _options.EventsChannel);
            }
            else if (!stopping.IsCancellationRequested)
            {
                RedisBackplaneLog.NotReachableAtStart(_logger, NodeId);
            }

            lock (_state)
            {
                if (_disposed == 0)
                {
                    _supervisor = Task.Run(() => subscription.SuperviseAsync(stopping), CancellationToken.None);
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
        if (!IsConnected || _connection.Redis is not { } redis)
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
            var sent = redis.GetSubscriber().PublishAsync(_connection.Channel, payload);
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
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (_pump is { } pump)
        {
            await pump.DisposeAsync().ConfigureAwait(false);
        }

        _disposing.Dispose();
    }
}
