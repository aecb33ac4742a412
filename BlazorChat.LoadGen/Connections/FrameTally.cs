using System.Diagnostics;

namespace BlazorChat.LoadGen.Connections;

/// <summary>What every socket of a run received, counted by their receive loops together.</summary>
internal sealed class FrameTally
{
    private long _frames;
    private long _presence;
    private long _closedByServer;
    private long _lastFrameAt = Stopwatch.GetTimestamp();

    /// <summary>Whole frames (messages) received, <c>hello</c>s included.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary><c>presence</c> frames (BlazorChat only).</summary>
    public long Presence => Interlocked.Read(ref _presence);

    /// <summary>Sockets the server closed, or that failed, while the run held them.</summary>
    public long ClosedByServer => Interlocked.Read(ref _closedByServer);

    public void Frame(bool presence)
    {
        Interlocked.Increment(ref _frames);
        if (presence)
        {
            Interlocked.Increment(ref _presence);
        }

        Interlocked.Exchange(ref _lastFrameAt, Stopwatch.GetTimestamp());
    }

    public void Closed() => Interlocked.Increment(ref _closedByServer);

    /// <summary>
    /// Waits until no frame has arrived for <paramref name="quiet"/> (the presence frames of a storm have all arrived),
    /// or at most <paramref name="most"/>; true if it did go quiet.
    /// </summary>
    public async Task<bool> QuietAsync(TimeSpan quiet, TimeSpan most, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(most.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastFrameAt));
            if (since >= quiet)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(quiet - since, cancellationToken);
        }
    }
}
