using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Every <see cref="ChatWebOptions.EndedSessionsRefreshInterval"/>, ends here the sign-in sessions other nodes stored as
/// ended (<see cref="SignInSessions.RefreshAsync"/>): the backstop for a sign-out whose notice never arrived.
/// </summary>
internal sealed class EndedSessionsRefresher(SignInSessions sessions, TimeProvider time, IOptions<ChatWebOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EndedSessionsRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sessions.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is failing: the notices still end sessions, and the next tick tries again.
            }
        }
    }
}
