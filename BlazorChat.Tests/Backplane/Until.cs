namespace BlazorChat.Tests.Backplane;

/// <summary>Polls a condition until it holds; fails the test past the deadline.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? RecordingReceiver.Deadline;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < limit, $"Not within {limit.TotalSeconds} s: {what}.");
            await Task.Delay(10); // polling a condition, with a deadline
        }
    }
}
