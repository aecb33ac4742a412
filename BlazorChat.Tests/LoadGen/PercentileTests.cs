extern alias LoadGen;
using LoadGen::BlazorChat.LoadGen.Fanout;

namespace BlazorChat.Tests.LoadGen;

/// <summary>Latency percentiles by nearest rank: a p99 is a latency that 99 % of the deliveries did not exceed.</summary>
public sealed class PercentileTests
{
    private static readonly long[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (long)i)];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(99, 99)]
    [InlineData(99.9, 100)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    public void NearestRank_OfOneToAHundred(double percent, long expected) =>
        Assert.Equal(expected, Percentile.Of(OneToHundred, percent));

    [Fact]
    public void OneValue_IsEveryPercentile_AndNoValuesGiveZero()
    {
        Assert.Equal(7, Percentile.Of([7L], 50));
        Assert.Equal(7, Percentile.Of([7L], 99));
        Assert.Equal(0, Percentile.Of([], 99));
    }

    [Fact]
    public void TheSummary_SortsTheLatencies_AndReportsTheWorstAsMax()
    {
        var frequency = System.Diagnostics.Stopwatch.Frequency; // ticks per second
        long[] ticks = [.. Enumerable.Range(1, 100).Reverse().Select(ms => ms * frequency / 1000)];

        var summary = LatencySummary.FromTicks(ticks);

        Assert.Equal(50, summary.P50, 3);
        Assert.Equal(99, summary.P99, 3);
        Assert.Equal(100, summary.Max, 3);
    }
}
