extern alias LoadGen;
using LoadGen::BlazorChat.LoadGen.Connections;

namespace BlazorChat.Tests.LoadGen;

/// <summary>
/// The connections report's "÷ kestrel" columns: the ratio of the two medians, with the range of the ratios of runs
/// from the same round (what a busy machine's noise spares), never pairing runs of different rounds.
/// </summary>
public sealed class SameRunRatioTests
{
    [Fact]
    public void IsTheRatioOfTheMedians_WithThePerRoundRange()
    {
        var blazorChat = new Dictionary<int, double> { [1] = 4, [2] = 9, [3] = 6 };
        var kestrel = new Dictionary<int, double> { [1] = 2, [2] = 3, [3] = 3 };

        var ratio = SameRunRatio.Of(blazorChat, kestrel)!;

        Assert.Equal(2.0, ratio.OfMedians);   // 6 / 3
        Assert.Equal(2.0, ratio.Lowest);      // rounds 1 and 3
        Assert.Equal(3.0, ratio.Highest);     // round 2
        Assert.Equal("2.00× (2.00–3.00)", ratio.ToString());
    }

    [Fact]
    public void OnlyRoundsBothServersCompletedArePaired()
    {
        var blazorChat = new Dictionary<int, double> { [1] = 10, [2] = 100 };
        var kestrel = new Dictionary<int, double> { [1] = 5 };

        var ratio = SameRunRatio.Of(blazorChat, kestrel)!;

        Assert.Equal(1, ratio.Rounds);
        Assert.Equal(2.0, ratio.Lowest);
        Assert.Equal(2.0, ratio.Highest);
    }

    [Fact]
    public void IsNothing_WhenTheReferenceHasNoPositiveValue()
    {
        // An idle reference may use no measurable CPU at all; "0 ÷ 0" must not print as a ratio.
        Assert.Null(SameRunRatio.Of(new Dictionary<int, double> { [1] = 0.2 }, new Dictionary<int, double> { [1] = 0 }));
        Assert.Null(SameRunRatio.Of(new Dictionary<int, double> { [1] = 0.2 }, new Dictionary<int, double>()));
    }
}
