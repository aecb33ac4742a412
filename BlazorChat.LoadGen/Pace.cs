using System.Diagnostics;

namespace BlazorChat.LoadGen;

/// <summary>
/// When one client sends each message of a paced run: message <c>k</c> at <c>first + k × every</c>, on an absolute
/// schedule so that a late send does not push the later ones back. Clients start <c>every / clients</c> apart, so
/// together they send at an even rate.
/// </summary>
internal sealed record Pace(long FirstAt, TimeSpan Every)
{
    /// <summary>The pace of client <paramref name="index"/> of <paramref name="clients"/>, all together <paramref name="messagesPerSecond"/>.</summary>
    public static Pace For(int index, int clients, double messagesPerSecond, long startAt)
    {
        var every = TimeSpan.FromSeconds(clients / messagesPerSecond);
        return new Pace(startAt + (long)(every.TotalSeconds * Stopwatch.Frequency * index / clients), every);
    }

    /// <summary>How long to wait now before message <paramref name="index"/> (zero or less: it is due).</summary>
    public TimeSpan WaitBefore(int index) =>
        Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), FirstAt + (long)(Every.TotalSeconds * Stopwatch.Frequency * index));
}
