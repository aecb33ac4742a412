using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// A node's subscription to the events channel, and its proof that it works: it subscribes, pings itself and waits for
/// the ping, subscribes again when a subscription the client kept goes unanswered, and hands the receiver's pump every
/// notice of the other nodes. Its supervisor checks again after each outage.
/// </summary>
internal sealed class SelfCheckedSubscription
{
    private readonly RedisBackplaneOptions _options;
    private readonly RedisBackplaneConnection _connection;
    private readonly SubscriptionHealth _health;
    private readonly ReceiverPump _pump;
    private readonly ILogger _logger;
    private readonly SelfCheckPings _pings = new();
    private ChannelMessageQueue? _queue; // owned by whoever runs a check: the node's SubscribeAsync, then only the supervisor

    public SelfCheckedSubscription(
        RedisBackplaneOptions options, RedisBackplaneConnection connection, SubscriptionHealth health, ReceiverPump pump, ILogger logger) =>
        (_options, _connection, _health, _pump, _logger) = (options, connection, health, pump, logger);

    private string NodeId => _options.NodeId;

    /// <summary>
    /// Wakes on every connection event, and every <see cref="RedisBackplaneOptions.RetryInterval"/> while not verified,
    /// and checks the subscription; each time a check succeeds after an outage the receiver hears <c>Reconnected</c>
    /// once. Runs until <paramref name="cancellationToken"/> (the node's disposal) is cancelled.
    /// </summary>
    public async Task SuperviseAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                await _connection.WaitForEventAsync(_options.RetryInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_health.IsVerified)
            {
                continue;
            }

            await _connection.TryConnectAsync().ConfigureAwait(false);
            if (await TryVerifyAsync(cancellationToken).ConfigureAwait(false))
            {
                RedisBackplaneLog.Recovered(_logger, NodeId);
                _pump.Reconnected();
            }
        }
    }

    /// <summary>Subscribes if need be, then pings itself; without an answer it subscribes again and pings again.</summary>
    public async Task<bool> TryVerifyAsync(CancellationToken cancellationToken = default)
    {
        // Both legs up, or a ping could go out before the client has subscribed again on the returning one.
        if (_connection.Redis is not { } redis || !_connection.AreBothLegsUp(redis))
        {
            return false;
        }

        // The failure signal is taken with the count: a failure from here on ends a check's wait at once.
        var (failuresBefore, lost) = _health.BeginCheck();
        try
        {
            var fresh = _queue is null;
            if (fresh)
            {
                await SubscribeQueueAsync(redis).ConfigureAwait(false);
            }

            if (!await AnswersSelfCheckAsync(redis, fresh, lost, cancellationToken).ConfigureAwait(false))
            {
                if (fresh || lost.IsCompleted)
                {
                    return false; // the connection failed meanwhile, or a hang: the supervisor tries again
                }

                // Redis restarted, or the client came back believing in a subscription the server forgot.
                RedisBackplaneLog.Resubscribing(_logger, NodeId);
                await SubscribeQueueAsync(redis).ConfigureAwait(false);
                if (!await AnswersSelfCheckAsync(redis, fresh: true, lost, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
        catch (Exception ex)
        {
            RedisBackplaneLog.CheckFailed(_logger, NodeId, ex.Message);
            return false;
        }

        return _health.EndAnsweredCheck(failuresBefore);
    }

    private async Task SubscribeQueueAsync(ConnectionMultiplexer redis)
    {
        var subscriber = redis.GetSubscriber();
        if (Interlocked.Exchange(ref _queue, null) is { } old)
        {
            await IgnoreFailureAsync(old.UnsubscribeAsync(CommandFlags.FireAndForget)).ConfigureAwait(false);
        }

        // Drop whatever the client still holds for the channel (a subscribe that failed half-way leaves its queue
        // registered), so that the SUBSCRIBE below really goes to the server.
        await IgnoreFailureAsync(subscriber.UnsubscribeAsync(_connection.Channel, null, CommandFlags.FireAndForget)).ConfigureAwait(false);
        var queue = await subscriber.SubscribeAsync(_connection.Channel).ConfigureAwait(false); // completes on the server's answer
        queue.OnMessage(OnMessage);
        _queue = queue;
    }

    /// <summary>
    /// Publishes a ping and waits for it on the subscription. On a <paramref name="fresh"/> one (the server just
    /// confirmed it) no answer can only mean a lost connection, which ends the wait at once, or a hang; a busy machine
    /// answers late, and that is no outage. On one the client kept, a ping unanswered within the self-check timeout
    /// means the server may have forgotten it. <paramref name="lost"/> completes on the first connection failure since the
    /// check began.
    /// </summary>
    private async Task<bool> AnswersSelfCheckAsync(ConnectionMultiplexer redis, bool fresh, Task lost, CancellationToken cancellationToken)
    {
        var (nonce, answered) = _pings.Start();
        try
        {
            await redis.GetSubscriber().PublishAsync(_connection.Channel, BackplaneWire.Encode(new SelfCheckPing(NodeId, nonce))).ConfigureAwait(false);
            var timeout = fresh ? _options.FreshSelfCheckTimeout : _options.SelfCheckTimeout;
            await Task.WhenAny(answered, lost).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return answered.IsCompleted;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _pings.Forget(nonce);
        }
    }

    /// <summary>Redis's ordered message loop for the channel: one message at a time, never blocked by the receiver.</summary>
    private void OnMessage(ChannelMessage message)
    {
        if (!BackplaneWire.TryDecode((byte[]?)message.Message ?? [], out var notice, out var problem))
        {
            RedisBackplaneLog.PayloadSkipped(_logger, NodeId, _options.EventsChannel, problem);
            return;
        }

        if (notice is SelfCheckPing ping)
        {
            if (string.Equals(ping.Node, NodeId, StringComparison.Ordinal) && !_pings.Answer(ping.Nonce) && !_pings.WasOurs(ping.Nonce))
            {
                // Two nodes of one name would drop each other's notices as their own.
                RedisBackplaneLog.NameTaken(_logger, NodeId);
            }

            return;
        }

        if (!string.Equals(notice.Node, NodeId, StringComparison.Ordinal))
        {
            _pump.Receive(notice);
        }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The connection this went to is gone; so is what it would have undone.
        }
    }
}
