namespace BlazorChat.LoadGen.Circuits;

/// <summary>Waits until a process is idle: the tabs' first renders and presence updates are done, not still running.</summary>
internal static class Quiet
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MostBusy = TimeSpan.FromMilliseconds(50); // CPU per interval still counted as idle
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="pid"/> used under 10 % of a core over half a second, or after 30 s at most.</summary>
    public static async Task WaitAsync(int pid, CancellationToken cancellationToken)
    {
        var giveUp = DateTime.UtcNow + Longest;
        var before = ProcessCpu.Of(pid);
        while (DateTime.UtcNow < giveUp)
        {
            await Task.Delay(Interval, cancellationToken); // a sampling interval, not a wait for luck: the loop checks the CPU
            var now = ProcessCpu.Of(pid);
            if (now - before < MostBusy)
            {
                return;
            }

            before = now;
        }
    }
}
