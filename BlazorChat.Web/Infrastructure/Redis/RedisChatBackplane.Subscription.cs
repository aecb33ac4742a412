using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BlazorChat.Web.Infrastructure.Redis;

// The subscription's life: connecting, checking that it works, subscribing again when it does not, and the messages.
internal sealed partial class RedisChatBackplane
{
    /// <summary>
    /// Wakes on every connection event, and every <see cref="RedisBackplaneOptions.RetryInterval"/> while not verified,
    /// and checks the subscription; each time a check succeeds after an outage the receiver hears <c>Reconnected</c>
    /// once.
    /// </summary>
    private async Task SuperviseAsync()
    {
        var stopping = _disposing.Token;
        while (true)
        {
            try
            {
                await _wakeup.WaitAsync(_options.RetryInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (IsConnected)
            {
                continue;
            }

            await TryConnectAsync().ConfigureAwait(false);
            if (await TryVerifyAsync().ConfigureAwait(false))
            {
                RedisBackplaneLog.Recovered(_logger, NodeId);
                _pump!.Reconnected();
            }
        }
    }

    private async Task TryConnectAsync()
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
            RedisBackplaneLog.CheckFailed(_logger, NodeId, "cannot connect: " + ex.Message);
        }
    }

    /// <summary>
    /// On a machine busy past the connect timeout, the multiplexer is still shaking hands when ConnectAsync returns. That
    /// is no outage (as a late self-check answer is none): SubscribeAsync waits for both legs rather than start alone and
    /// miss what the other nodes publish until the supervisor's next try. A connection failure, disposal or the fresh
    /// self-check timeout ends the wait.
    /// </summary>
    private async Task AwaitSlowConnectAsync()
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
                await settled.Task.WaitAsync(_options.FreshSelfCheckTimeout, _disposing.Token).ConfigureAwait(false);
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

    // Both legs up: commands and the subscription's own connection.
    private bool AreBothLegsUp(ConnectionMultiplexer redis) => redis.IsConnected && redis.GetSubscriber().IsConnected(_channel);

    // Not up, but not failed either: a handshake under way, or the subscription's leg still to follow the first.
    private bool IsStillConnecting(ConnectionMultiplexer redis) => !AreBothLegsUp(redis) && (redis.IsConnecting || redis.IsConnected);

    /// <summary>Subscribes if need be, then pings itself; without an answer it subscribes again and pings again.</summary>
    private async Task<bool> TryVerifyAsync()
    {
        // Both legs up, or a ping could go out before the client has subscribed again on the returning one.
        if (_redis is not { } redis || !AreBothLegsUp(redis))
        {
            return false;
        }

        // The failure signal is taken with the count: a failure from here on ends a check's wait at once.
        long failuresBefore;
        Task lost;
        lock (_state)
        {
            failuresBefore = _failures;
            lost = _lost.Task;
        }

        try
        {
            var fresh = _queue is null;
            if (fresh)
            {
                await SubscribeQueueAsync(redis).ConfigureAwait(false);
            }

            if (!await AnswersSelfCheckAsync(redis, fresh, lost).ConfigureAwait(false))
            {
                if (fresh || lost.IsCompleted)
                {
                    return false; // the connection failed meanwhile, or a hang: the supervisor tries again
                }

                // Redis restarted, or the client came back believing in a subscription the server forgot.
                RedisBackplaneLog.Resubscribing(_logger, NodeId);
                await SubscribeQueueAsync(redis).ConfigureAwait(false);
                if (!await AnswersSelfCheckAsync(redis, fresh: true, lost).ConfigureAwait(false))
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

        lock (_state)
        {
            _verified = _failures == failuresBefore;
            return _verified;
        }
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
        await IgnoreFailureAsync(subscriber.UnsubscribeAsync(_channel, null, CommandFlags.FireAndForget)).ConfigureAwait(false);
        var queue = await subscriber.SubscribeAsync(_channel).ConfigureAwait(false); // completes on the server's answer
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
    private async Task<bool> AnswersSelfCheckAsync(ConnectionMultiplexer redis, bool fresh, Task lost)
    {
        var (nonce, answered) = _pings.Start();
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, BackplaneWire.Encode(new SelfCheckPing(NodeId, nonce))).ConfigureAwait(false);
            var timeout = fresh ? _options.FreshSelfCheckTimeout : _options.SelfCheckTimeout;
            await Task.WhenAny(answered, lost).WaitAsync(timeout, _disposing.Token).ConfigureAwait(false);
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
            _pump?.Receive(notice);
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
