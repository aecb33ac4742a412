using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// A node's connection to Redis: connecting (and waiting out a slow handshake), telling the node's health of each
/// failure, waking whoever waits for a connection event, and disposing of the multiplexer. It knows nothing of the
/// subscription's self-check beyond whether both of its legs are up.
/// </summary>
internal sealed class RedisBackplaneConnection : IAsyncDisposable
{
    private readonly RedisBackplaneOptions _options;
    private readonly ConfigurationOptions _redisOptions;
    private readonly SubscriptionHealth _health;
    private readonly ILogger _logger;
    private readonly Action? _outage;
    private readonly Wakeup _wakeup = new();
    private ConnectionMultiplexer? _redis; // set by the node's SubscribeAsync, or later by its supervisor if connecting failed

    public RedisBackplaneConnection(RedisBackplaneOptions options, SubscriptionHealth health, ILogger logger, Action? outage)
    {
        (_options, _health, _logger, _outage) = (options, health, logger, outage);
        Channel = RedisChannel.Literal(options.EventsChannel);
        _redisOptions = options.Redis.Clone();
        _redisOptions.AbortOnConnectFail = false;            // start without Redis; connect when it answers
        _redisOptions.BacklogPolicy = BacklogPolicy.FailFast; // a notice is never queued to go out after an outage
        _redisOptions.ClientName ??= ClientNameOf(options.NodeId);
    }

    /// <summary>The one channel every notice goes through.</summary>
    public RedisChannel Channel { get; }

    /// <summary>The multiplexer, once connecting returned one (it keeps trying while Redis is down).</summary>
    public ConnectionMultiplexer? Redis => _redis;

    /// <summary>Connects unless a multiplexer exists already; a failure is logged, and the supervisor tries again.</summary>
    public async Task TryConnectAsync()
    {
        if (_redis is not null)
        {
            return;
        }

        try
        {
            // With AbortOnConnectFail off this returns a multiplexer that keeps trying, even when Redis is down.
            var redis = await ConnectionMultiplexer.ConnectAsync(_redisOptions).ConfigureAwait(false);
            redis.ConnectionFailed += OnConnectionFailed;
            redis.ConnectionRestored += OnConnectionRestored;
            _redis = redis;
        }
        catch (Exception ex)
        {
            RedisBackplaneLog.CheckFailed(_logger, _options.NodeId, "cannot connect: " + ex.Message);
        }
    }

    /// <summary>
    /// On a machine busy past the connect timeout, the multiplexer is still shaking hands when ConnectAsync returns. That
    /// is no outage (as a late self-check answer is none): SubscribeAsync waits for both legs rather than start alone and
    /// miss what the other nodes publish until the supervisor's next try. A connection failure, disposal (through
    /// <paramref name="cancellationToken"/>) or the fresh self-check timeout ends the wait.
    /// </summary>
    public async Task AwaitSlowConnectAsync(CancellationToken cancellationToken = default)
    {
        if (_redis is not { } redis)
        {
            return;
        }

        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFailed(object? sender, ConnectionFailedEventArgs e) => settled.TrySetResult();
        void OnRestored(object? sender, ConnectionFailedEventArgs e)
        {
            if (!IsStillConnecting(redis))
            {
                settled.TrySetResult();
            }
        }

        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        try
        {
            if (IsStillConnecting(redis)) // checked once the handlers are on: no event is missed in between
            {
                await settled.Task.WaitAsync(_options.FreshSelfCheckTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Not connected after all: the node starts on its own, and the supervisor keeps trying.
        }
        finally
        {
            redis.ConnectionFailed -= OnFailed;
            redis.ConnectionRestored -= OnRestored;
        }
    }

    /// <summary>Both legs up: commands and the subscription's own connection.</summary>
    public bool AreBothLegsUp(ConnectionMultiplexer redis) => redis.IsConnected && redis.GetSubscriber().IsConnected(Channel);

    /// <summary>Waits for the next connection event (several coalesce into one), or until <paramref name="timeout"/> passes.</summary>
    public Task WaitForEventAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _wakeup.WaitAsync(timeout, cancellationToken);

    /// <summary>Disposes of the multiplexer; the node calls it once nothing it started runs any more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
            await redis.DisposeAsync().ConfigureAwait(false);
        }

        _wakeup.Dispose();
    }

    // Not up, but not failed either: a handshake under way, or the subscription's leg still to follow the first.
    private bool IsStillConnecting(ConnectionMultiplexer redis) => !AreBothLegsUp(redis) && (redis.IsConnecting || redis.IsConnected);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (_health.ConnectionFailed())
        {
            _outage?.Invoke();
            RedisBackplaneLog.ConnectionLost(_logger, _options.NodeId, e.ConnectionType.ToString(), e.FailureType.ToString());
        }
        else
        {
            RedisBackplaneLog.StillDown(_logger, _options.NodeId, e.ConnectionType.ToString(), e.FailureType.ToString());
        }

        _wakeup.Set();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _wakeup.Set();

    // CLIENT SETNAME takes no spaces; the name only helps whoever reads CLIENT LIST.
    private static string ClientNameOf(string nodeId) =>
        string.Concat(nodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
