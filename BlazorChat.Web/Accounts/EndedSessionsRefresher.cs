namespace BlazorChat.Web.Accounts;

/// <summary>Every <see cref="Interval"/>, ends here the sign-in sessions other nodes stored as ended (<see cref="SignInSessions.RefreshAsync"/>).</summary>
internal sealed class EndedSessionsRefresher(SignInSessions sessions, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
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
