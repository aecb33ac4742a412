using BlazorChat.Domain;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The node-local reassembler: whatever order, repeats or losses its input has, a listener receives each committed
/// message of its conversation once, in seq order, and as soon as it can.
/// </summary>
public sealed class ReassemblerTests : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly ConversationKey Ops = ConversationKey.ForRoom("ops");

    private readonly ChatOptions _options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private readonly ControlledMessageStore _store = new();
    private readonly RecordingAudience _audience = new();
    private readonly Reassembler _reassembler;

    public ReassemblerTests() => _reassembler = new Reassembler(_store, _audience, _options, _time);

    public void Dispose() => _reassembler.Dispose();

    [Fact]
    public async Task TheNextSeq_IsDeliveredAtOnce_InOrder_WithoutReadingTheStore()
    {
        var listener = _audience.Listen(Ops);
        var messages = await _store.AppendManyAsync(Ops, 3);

        var offered = messages.Select(_reassembler.Offer).ToList();

        Assert.Equal([1L, 2L, 3L], listener.Seqs);
        Assert.All(offered, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(3, _reassembler.CursorOf(Ops));
        Assert.Equal(0, _store.ForwardReads);
    }

    [Fact]
    public async Task TheSameSeqFromTwoSources_IsDeliveredOnce()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 4);

        // This node's commit and the backplane's echo of it, interleaved; the 4 arrives twice while 3 is missing.
        foreach (var message in new[] { m[0], m[0], m[1], m[3], m[3], m[1], m[2], m[2], m[3], m[0] })
        {
            _ = _reassembler.Offer(message);
        }

        Assert.Equal([1L, 2L, 3L, 4L], listener.Seqs);
        Assert.Equal(m.Select(x => x.MessageId), listener.Received.Select(x => x.MessageId));
    }

    [Fact]
    public async Task ALaterSeqFirst_IsHeld_AndDeliveredInOrderOnceTheMissingOneArrives_WithoutWaitingOrReading()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 3);

        _ = _reassembler.Offer(m[0]);
        var third = _reassembler.Offer(m[2]);
        Assert.Equal([1L], listener.Seqs);
        Assert.False(third.IsCompleted);

        _ = _reassembler.Offer(m[1]);

        Assert.Equal([1L, 2L, 3L], listener.Seqs);
        await third.WaitAsync(TimeSpan.FromSeconds(10));

        // Nothing is left to fill: the gap's timer is gone with the gap.
        _time.Advance(_options.GapTimeout * 2);
        Assert.Equal(0, _store.ForwardReads);
        Assert.Equal([1L, 2L, 3L], listener.Seqs);
    }

    [Fact]
    public async Task AGap_IsFilledFromTheStore_InOrder_OnceGapTimeoutPasses_AndNotBefore()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 4);

        _ = _reassembler.Offer(m[0]);
        var fourth = _reassembler.Offer(m[3]); // 2 and 3 were committed, but their notices are late or lost

        _time.Advance(_options.GapTimeout - Tick);
        Assert.Equal([1L], listener.Seqs);
        Assert.Equal(0, _store.ForwardReads);
        Assert.False(fourth.IsCompleted);

        _time.Advance(Tick);
        Assert.Equal([1L, 2L, 3L, 4L], listener.Seqs);
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));

        // The late notices still come: nothing is delivered twice.
        _ = _reassembler.Offer(m[2]);
        _ = _reassembler.Offer(m[1]);
        Assert.Equal([1L, 2L, 3L, 4L], listener.Seqs);
    }

    [Fact]
    public async Task AStoreReadFailingDuringAFill_IsRetriedLater_AndNothingIsDeliveredOutOfOrder()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 4);
        _ = _reassembler.Offer(m[0]);
        var fourth = _reassembler.Offer(m[3]);

        _store.FailReads = true;
        _time.Advance(_options.GapTimeout);
        Assert.Equal(1, _store.ForwardReads);
        _time.Advance(_options.GapTimeout);
        Assert.Equal(2, _store.ForwardReads); // tried again, failed again

        Assert.Equal([1L], listener.Seqs); // the held 4 waits for 2 and 3
        Assert.False(fourth.IsCompleted);

        _store.FailReads = false;
        _time.Advance(_options.GapTimeout);

        Assert.Equal([1L, 2L, 3L, 4L], listener.Seqs);
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ACommittedMessageNobodyAnnounced_IsDeliveredByTheSweep_WithoutLaterTraffic()
    {
        var listener = _audience.Listen(Ops);
        await _store.AppendManyAsync(Ops, 2); // committed; the answer and the notice were both lost

        _time.Advance(_options.SweepInterval - Tick);
        Assert.Empty(listener.Seqs);

        _time.Advance(Tick);
        Assert.Equal([1L, 2L], listener.Seqs);

        _time.Advance(_options.SweepInterval);
        Assert.Equal([1L, 2L], listener.Seqs);
    }

    [Fact]
    public async Task ASweepWhileTheStoreFails_DeliversNothing_AndTheNextSweepCatchesUp()
    {
        var listener = _audience.Listen(Ops);
        await _store.AppendManyAsync(Ops, 2);

        _store.FailReads = true;
        await _reassembler.SweepAsync();
        Assert.Empty(listener.Seqs);

        _store.FailReads = false;
        _time.Advance(_options.SweepInterval);
        Assert.Equal([1L, 2L], listener.Seqs);
    }

    [Fact]
    public async Task CatchUp_DeliversAKnownCommittedSeq_AtOnce()
    {
        var listener = _audience.Listen(Ops);
        await _store.AppendManyAsync(Ops, 3);

        await _reassembler.CatchUpAsync(Ops, 3).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2L, 3L], listener.Seqs);
        var reads = _store.ForwardReads;
        Assert.True(_reassembler.CatchUpAsync(Ops, 2).IsCompletedSuccessfully); // delivered already: nothing to read
        Assert.Equal(reads, _store.ForwardReads);
    }

    [Fact]
    public async Task CatchUp_PastAHeldMessage_DeliversEverythingThroughTheSeq_AtOnce()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 5);
        _ = _reassembler.Offer(m[0]);
        _ = _reassembler.Offer(m[2]); // held: 2 is missing

        // A repeated send of seq 5 (its first answer was lost) makes sure it is delivered before answering "ok".
        var caughtUp = _reassembler.CatchUpAsync(Ops, 5);

        Assert.True(caughtUp.IsCompletedSuccessfully, "the catch-up waited for a timer");
        Assert.Equal([1L, 2L, 3L, 4L, 5L], listener.Seqs);
    }

    [Fact]
    public async Task ACatchUpAskedDuringAFill_IsDeliveredWhenTheFillEnds_WithoutWaitingForATimer()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 5);
        _ = _reassembler.Offer(m[0]);
        _ = _reassembler.Offer(m[2]);
        var gate = new ReadGate(free: 0);
        _store.ForwardReadGate = gate;
        _time.Advance(_options.GapTimeout); // the fill of 2 starts, and waits for the store
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var caughtUp = _reassembler.CatchUpAsync(Ops, 5);
        _store.ForwardReadGate = null;
        gate.Opened.SetResult();

        await caughtUp.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], listener.Seqs);
    }

    [Fact]
    public async Task ACatchUpWhoseReadFailed_IsRetriedAfterGapTimeout_EvenWhenALiveMessageArrivesMeanwhile()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 3);

        _store.FailReads = true;
        var caughtUp = _reassembler.CatchUpAsync(Ops, 3);
        _ = _reassembler.Offer(m[0]); // live, in order: delivered, and nothing is held any more
        _store.FailReads = false;

        _time.Advance(_options.GapTimeout);

        Assert.Equal([1L, 2L, 3L], listener.Seqs);
        await caughtUp.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AGapTimerFiringAfterItsGapClosed_StillFillsAPendingCatchUp()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 5);
        _ = _reassembler.Offer(m[0]);
        _ = _reassembler.Offer(m[2]); // held: the gap's timer starts

        _store.FailReads = true;
        var caughtUp = _reassembler.CatchUpAsync(Ops, 5); // its read fails
        _store.FailReads = false;
        _ = _reassembler.Offer(m[1]); // the gap closes; 4 and 5 are still to be read

        _time.Advance(_options.GapTimeout);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], listener.Seqs);
        await caughtUp.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WithoutAudience_TheCursorFollowsWhatIsOffered_WithoutReadsOrDeliveries_AndRegisteringStartsAtTheStoreHead()
    {
        var m = await _store.AppendManyAsync(Ops, 12);

        foreach (var message in new[] { m[0], m[1], m[4], m[8] }) // a jump, and nobody to fill it for
        {
            Assert.True(_reassembler.Offer(message).IsCompletedSuccessfully);
        }

        _time.Advance(_options.GapTimeout * 4);
        Assert.Equal(9, _reassembler.CursorOf(Ops));
        Assert.Equal(0, _store.ForwardReads);

        Listener? listener = null;
        var cursor = await _reassembler.RegisterAsync(Ops, () => listener = _audience.Listen(Ops), CancellationToken.None);

        Assert.Equal(12, cursor); // 10–12 were committed unannounced: the newcomer reads them as history, not live
        foreach (var message in m)
        {
            _ = _reassembler.Offer(message);
        }

        var next = await _store.AppendAsync(Ops);
        _ = _reassembler.Offer(next);
        Assert.Equal([13L], listener!.Seqs);
        Assert.Equal(0, _store.ForwardReads);
    }

    [Fact]
    public async Task WithoutAudience_TheSweepAdvancesTheCursor_WithoutReadingMessages()
    {
        await _store.AppendManyAsync(Ops, 7);

        _time.Advance(_options.SweepInterval);

        Assert.Equal(7, _reassembler.CursorOf(Ops));
        Assert.Equal(1, _store.HeadReads);
        Assert.Equal(0, _store.ForwardReads);
    }

    [Fact]
    public async Task OfferTask_CompletesOnceItsMessageIsDelivered()
    {
        var listener = _audience.Listen(Ops);
        var m = await _store.AppendManyAsync(Ops, 3);
        _ = _reassembler.Offer(m[0]);

        var third = _reassembler.Offer(m[2]);
        var thirdAgain = _reassembler.Offer(m[2]);
        Assert.False(third.IsCompleted);
        Assert.False(thirdAgain.IsCompleted);

        var second = _reassembler.Offer(m[1]);

        Assert.True(second.IsCompletedSuccessfully);
        await Task.WhenAll(third, thirdAgain).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L, 3L], listener.Seqs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AJoinRacingLiveMessages_ReceivesExactlyWhatFollowsItsCursor_InOrder(bool someoneListensAlready)
    {
        const int Rounds = 150;
        const int PerProducer = 60;
        for (var round = 0; round < Rounds; round++)
        {
            var store = new ControlledMessageStore();
            var audience = new RecordingAudience();
            using var reassembler = new Reassembler(store, audience, _options, _time);
            var first = someoneListensAlready ? audience.Listen(Ops) : null;
            var offers = new System.Collections.Concurrent.ConcurrentQueue<Task>();
            var echoes = System.Threading.Channels.Channel.CreateUnbounded<ChatMessage>();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Two nodes commit (each offers its own), the backplane echoes every message once more, a join comes
            // somewhere in between.
            async Task ProduceAsync()
            {
                await start.Task;
                for (var i = 0; i < PerProducer; i++)
                {
                    var message = await store.AppendAsync(Ops);
                    offers.Enqueue(reassembler.Offer(message));
                    echoes.Writer.TryWrite(message);
                }
            }

            async Task EchoAsync()
            {
                await foreach (var message in echoes.Reader.ReadAllAsync())
                {
                    offers.Enqueue(reassembler.Offer(message));
                }
            }

            Listener? joined = null;
            var joinAfter = Random.Shared.Next(0, 2 * PerProducer);
            async Task<long> JoinAsync()
            {
                await start.Task;
                while (Volatile.Read(ref joinAfter) > 0 && await store.GetLatestSeqAsync(Ops) < joinAfter)
                {
                    await Task.Yield();
                }

                return await reassembler.RegisterAsync(Ops, () => joined = audience.Listen(Ops), CancellationToken.None);
            }

            var producers = new[] { Task.Run(ProduceAsync), Task.Run(ProduceAsync) };
            var echo = Task.Run(EchoAsync);
            var join = Task.Run(JoinAsync);
            start.SetResult();
            await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(10));
            echoes.Writer.Complete();
            await echo.WaitAsync(TimeSpan.FromSeconds(10));
            var cursor = await join.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.WhenAll(offers).WaitAsync(TimeSpan.FromSeconds(10));

            const long Last = 2 * PerProducer;
            Assert.Equal(Last, reassembler.CursorOf(Ops));
            Assert.InRange(cursor, 0, Last);
            Assert.Equal(Range(cursor + 1, Last), joined!.Seqs);
            if (first is not null)
            {
                Assert.Equal(Range(1, Last), first.Seqs);
            }

            Assert.Equal(0, audience.Overlaps);
        }
    }

    private static List<long> Range(long from, long through) => [.. Enumerable.Range((int)from, (int)(through - from + 1)).Select(i => (long)i)];
}
