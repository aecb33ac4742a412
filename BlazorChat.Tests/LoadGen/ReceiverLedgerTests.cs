extern alias LoadGen;
using LoadGen::BlazorChat.LoadGen.Fanout;

namespace BlazorChat.Tests.LoadGen;

/// <summary>The fan-out's verdict on one receiver: a run passes only if it got every message of its group once, in order.</summary>
public sealed class ReceiverLedgerTests
{
    private const int Phase = 2;

    // Two senders of the receiver's group, 3 messages each.
    private static readonly Dictionary<int, int> TwoSendersOfThree = new() { [0] = 3, [5] = 3 };

    [Fact]
    public void EveryMessageOnce_InEachSendersOrder_CompletesWithoutProblems()
    {
        var ledger = new ReceiverLedger("load0001", Phase, TwoSendersOfThree);

        var completed = new[] { (0, 0), (5, 0), (0, 1), (5, 1), (5, 2), (0, 2) }.Select(m => ledger.Record(Text(m.Item1, m.Item2), null, 100)).ToList();

        Assert.Equal([false, false, false, false, false, true], completed);
        Assert.True(ledger.Complete);
        Assert.Empty(ledger.Problems());
        Assert.Equal(6, ledger.Latencies.Length);
    }

    [Fact]
    public void AMissingMessage_IsLost_AndTheProblemNamesTheFirstMissing()
    {
        var ledger = new ReceiverLedger("load0001", Phase, TwoSendersOfThree);
        foreach (var (sender, index) in new[] { (0, 0), (0, 1), (0, 2), (5, 0), (5, 2) })
        {
            ledger.Record(Text(sender, index), null, 100);
        }

        Assert.False(ledger.Complete);
        Assert.Equal(1, ledger.Lost);
        Assert.Contains(ledger.Problems(), p => p.Contains("lost 1 of 6", StringComparison.Ordinal) && p.Contains("message 1 of sender 5", StringComparison.Ordinal));
    }

    [Fact]
    public void AMessageReceivedTwice_IsADuplicate_AndNotCountedAgain()
    {
        var ledger = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 2 });
        ledger.Record(Text(0, 0), null, 100);
        ledger.Record(Text(0, 0), null, 100);
        ledger.Record(Text(0, 1), null, 100);

        Assert.True(ledger.Complete);
        Assert.Equal(1, ledger.Duplicates);
        Assert.Single(ledger.Problems(), p => p.Contains("repeated", StringComparison.Ordinal));
    }

    [Fact]
    public void ASendersMessagesOutOfOrder_AreAProblem_EvenWhenAllArrive()
    {
        var ledger = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 2 });
        ledger.Record(Text(0, 1), null, 100);
        ledger.Record(Text(0, 0), null, 100);

        Assert.True(ledger.Complete);
        Assert.Single(ledger.Problems(), p => p.Contains("out of its sender's order", StringComparison.Ordinal));
    }

    [Fact]
    public void SeqsMustFollowOnFromThePreviousPhase_WithoutAGap()
    {
        var inOrder = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 2 }, lastSeqBefore: 40);
        inOrder.Record(Text(0, 0), 41, 100);
        inOrder.Record(Text(0, 1), 42, 100);

        var withAGap = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 2 }, lastSeqBefore: 40);
        withAGap.Record(Text(0, 0), 41, 100);
        withAGap.Record(Text(0, 1), 43, 100);

        Assert.Empty(inOrder.Problems());
        Assert.Equal(42, inOrder.LastSeq);
        Assert.Single(withAGap.Problems(), p => p.Contains("seq 43 after seq 41", StringComparison.Ordinal));
    }

    [Fact]
    public void AMessageOfAnotherPhase_OrOfASenderOutsideTheGroup_IsAStray()
    {
        var ledger = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 1 });
        ledger.Record(new DeliveryText(Phase - 1, 0, 0, 1), null, 100);
        ledger.Record(Text(7, 0), null, 100);
        ledger.Record(Text(0, 5), null, 100);

        Assert.False(ledger.Complete);
        Assert.Equal(3, ledger.Violations);
        Assert.Contains(ledger.Problems(), p => p.Contains("3 deliveries not for it", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLatencyOfEachDelivery_IsFromTheTimestampItsSenderWrote()
    {
        var ledger = new ReceiverLedger("load0001", Phase, new Dictionary<int, int> { [0] = 1 });

        ledger.Record(new DeliveryText(Phase, 0, 0, SentAt: 1_000), null, receivedAt: 1_750);

        Assert.Equal([750L], ledger.Latencies.ToArray());
    }

    private static DeliveryText Text(int sender, int index) => new(Phase, sender, index, 1);
}
