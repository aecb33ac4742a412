extern alias LoadGen;
using LoadGen::BlazorChat.LoadGen.Fanout;

namespace BlazorChat.Tests.LoadGen;

/// <summary>The paced ladder stops at the first step whose p99 passes 250 ms and reports the step before it.</summary>
public sealed class LadderRuleTests
{
    [Fact]
    public void TheHighestStepPassed_IsTheOneBeforeTheFirstFailure_AndTheLadderStopsThere()
    {
        List<LadderStep> steps = [Step(5_000, 12), Step(10_000, 30), Step(20_000, 250), Step(40_000, 251)];

        Assert.False(LadderRule.GoOn(steps));
        Assert.Equal(20_000, LadderRule.HighestPassed(steps));
        Assert.Equal(251, LadderRule.P99At(steps, 40_000));
    }

    [Fact]
    public void WhileEveryStepPasses_TheLadderGoesOn()
    {
        List<LadderStep> steps = [Step(5_000, 12), Step(10_000, 249.9)];

        Assert.True(LadderRule.GoOn(steps));
        Assert.Equal(10_000, LadderRule.HighestPassed(steps));
    }

    [Fact]
    public void ALadderThatStoppedBeforeTheComparedRate_HasNoP99There_AndAFirstStepFailureNoHighestStep()
    {
        List<LadderStep> steps = [Step(5_000, 900)];

        Assert.Null(LadderRule.HighestPassed(steps));
        Assert.Null(LadderRule.P99At(steps, LadderRule.ComparedRate));
    }

    [Fact]
    public void AStepsMessages_AreSharedRoundRobin_AtTheRateThatGivesItsDeliveries()
    {
        var layout = FanoutLayout.OneRoom(clients: 200, senders: 3);

        var (counts, messageRate) = FanoutRun.LadderCounts(layout, deliveriesPerSecond: 40_000, stepSeconds: 3);

        Assert.Equal(200, messageRate); // each message reaches all 200 clients
        Assert.Equal([200, 200, 200], counts.Take(3));
        Assert.All(counts.Skip(3), c => Assert.Equal(0, c));
        Assert.Equal(600 * 200, layout.Deliveries(counts));
    }

    private static LadderStep Step(double rate, double p99) => new(rate, new LatencySummary(1, p99, p99), rate);
}
