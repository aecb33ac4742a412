using System.Threading.Channels;
using BlazorChat.Domain.Backplane;
using Microsoft.Extensions.Logging;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// Hands the receiver what the subscription read, one call at a time on one task of its own: a slow receiver never
/// holds up Redis's message loop (nor the self-check that runs there), and Receive never overlaps Reconnected.
/// </summary>
internal sealed class ReceiverPump : IAsyncDisposable
{
    // null stands for Reconnected(), so that it keeps its place among the notices.
    private readonly Channel<BackplaneNotice?> _calls = Channel.CreateUnbounded<BackplaneNotice?>(new() { SingleReader = true });
    private readonly IBackplaneReceiver _receiver;
    private readonly string _node;
    private readonly ILogger _logger;
    private readonly Task _running;

    public ReceiverPump(IBackplaneReceiver receiver, string node, ILogger logger)
    {
        (_receiver, _node, _logger) = (receiver, node, logger);
        _running = Task.Run(RunAsync, CancellationToken.None);
    }

    public void Receive(BackplaneNotice notice) => _calls.Writer.TryWrite(notice);

    public void Reconnected() => _calls.Writer.TryWrite(null);

    public async ValueTask DisposeAsync()
    {
        _calls.Writer.TryComplete();
        await _running.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var notice in _calls.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (notice is null)
                {
                    _receiver.Reconnected();
                }
                else
                {
                    _receiver.Receive(notice);
                }
            }
            catch (Exception ex)
            {
                // The receiver's bug: the next notices still go through.
                RedisBackplaneLog.ReceiverFailed(_logger, ex, _node, notice?.GetType().Name ?? "Reconnected");
            }
        }
    }
}
