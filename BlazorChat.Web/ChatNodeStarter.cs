using BlazorChat.Domain;

namespace BlazorChat.Web;

/// <summary>
/// Starts this node's chat with the host, so it hears the other nodes before its first connection. A failure (the
/// database is not up yet) does not stop the host: the first connection or send tries again.
/// </summary>
internal sealed partial class ChatNodeStarter(IChatRoomService chat, ILogger<ChatNodeStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (chat is not ChatRoomService service)
        {
            return;
        }

        try
        {
            await service.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.NotStarted(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Warning, "The chat could not start yet; the first connection tries again")]
        public static partial void NotStarted(ILogger logger, Exception exception);
    }
}
