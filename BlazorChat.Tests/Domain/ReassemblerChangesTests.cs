using BlazorChat.Domain;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The reassembler with changes besides posts: edits, deletes and reactions share the conversation's rev stream, so a
/// lost notice of any of them is filled from the store and nothing overtakes it.
/// </summary>
public sealed class ReassemblerChangesTests : IDisposable
{
    private static readonly ConversationKey Ops = ConversationKey.ForRoom("ops");

    private readonly ChatOptions _options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private readonly ControlledMessageStore _store = new();
    private readonly RecordingAudience _audience = new();
    private readonly Reassembler _reassembler;

    public ReassemblerChangesTests() => _reassembler = new Reassembler(_store, _audience, _options, _time);

    public void Dispose() => _reassembler.Dispose();

    [Fact]
    public async Task ALostReactionNotice_HoldsTheNextMessage_UntilTheGapIsFilled_InRevOrder()
    {
        var listener = _audience.Listen(Ops);
        var first = await _store.AppendAsync(Ops, "first");
        var reacted = (await await _store.EnqueueChangeAsync(
            new MessageChangeRequest(ChangeKind.Reacted, first.MessageId, Ops, "bob", _time.GetUtcNow()) { Emoji = "👍", On = true })).Change!;
        var second = await _store.AppendAsync(Ops, "second");

        _ = _reassembler.Offer(new ChatChange(ChangeKind.Posted, first.Rev, first));
        var held = _reassembler.Offer(new ChatChange(ChangeKind.Posted, second.Rev, second)); // the reaction's notice was lost

        Assert.Equal([1L], listener.Changes.Select(c => c.Rev));
        _time.Advance(_options.GapTimeout);
        await held.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2L, 3L], listener.Changes.Select(c => c.Rev));
        Assert.Equal(ChangeKind.Reacted, listener.Changes[1].Kind);
        Assert.Equal(("bob", "👍", true), (listener.Changes[1].User, listener.Changes[1].Emoji, listener.Changes[1].On));
        Assert.Equal(reacted.Rev, listener.Changes[1].Rev);
        Assert.Equal([1L, 2L], listener.Seqs); // posts only: the message stream has no gap either

        _ = _reassembler.Offer(reacted); // the late notice: not delivered twice
        Assert.Equal(3, listener.Changes.Count);
    }

    [Fact]
    public async Task AJoin_AnswersTheRevAndTheSeqAtTheCursor_WhenChangesFollowedTheLastMessage()
    {
        var message = await _store.AppendAsync(Ops, "only");
        await await _store.EnqueueChangeAsync(new MessageChangeRequest(ChangeKind.Edited, message.MessageId, Ops, message.From, _time.GetUtcNow()) { Text = "edited" });

        var position = await _reassembler.AddAudienceAsync(Ops, () => _audience.Listen(Ops), CancellationToken.None);

        Assert.Equal(new ConversationSeq(Ops, 1, 2), position);
    }
}
