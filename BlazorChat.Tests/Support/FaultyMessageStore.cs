using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Support;

/// <summary>
/// In-memory messages with faults on demand: <see cref="FailAppends"/> — the disk is full, nothing is stored;
/// <see cref="LoseNextAck"/> — the next append is stored but reported as failed (the commit happened, its
/// answer got lost), which is exactly when a retry must not double it; <see cref="ForwardReadsBeforeFailing"/> — reads
/// after a seq start failing after that many.
/// </summary>
public sealed class FaultyMessageStore : IChatMessageStore
{
    private readonly InMemoryChatMessageStore _inner = new();

    /// <summary>The messages as stored, for an <see cref="InMemoryReadMarkerStore"/> to count.</summary>
    public InMemoryChatMessageStore Inner => _inner;

    public bool FailAppends { get; set; }

    public bool LoseNextAck { get; set; }

    public int? ForwardReadsBeforeFailing { get; set; }

    public bool FailBackwardReads { get; set; }

    /// <summary>Reads after a seq, past the first <see cref="ReadGate.Free"/>, wait until the gate opens.</summary>
    public ReadGate? ForwardReadGate { get; set; }

    public async ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        if (FailAppends)
        {
            return Task.FromException<ChatMessage>(new IOException("disk full"));
        }

        var stored = await await _inner.EnqueueAsync(message, cancellationToken);
        if (LoseNextAck)
        {
            LoseNextAck = false;
            return Task.FromException<ChatMessage>(new TimeoutException("the commit's answer was lost"));
        }

        return Task.FromResult(stored);
    }

    public ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default) =>
        _inner.GetHeadsAsync(cancellationToken);

    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetLatestSeqAsync(conversation, cancellationToken);

    public ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetHeadAsync(conversation, cancellationToken);

    public ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default) =>
        FailAppends ? ValueTask.FromResult(Task.FromException<ChangeOutcome>(new IOException("disk full"))) : _inner.EnqueueChangeAsync(change, cancellationToken);

    public ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        _inner.GetMessageAsync(messageId, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetRepliesAsync(rootMessageId, afterSeq, limit, cancellationToken);


    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        FailBackwardReads ? throw new IOException("the disk went away") : _inner.GetBeforeAsync(conversation, beforeSeq, limit, cancellationToken);

    public async ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await ForwardReadAsync(cancellationToken);
        return await _inner.GetAfterAsync(conversation, afterSeq, limit, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ChatChange>> GetChangesAfterAsync(ConversationKey conversation, long afterRev, int limit, CancellationToken cancellationToken = default)
    {
        await ForwardReadAsync(cancellationToken);
        return await _inner.GetChangesAfterAsync(conversation, afterRev, limit, cancellationToken);
    }

    private async Task ForwardReadAsync(CancellationToken cancellationToken)
    {
        if (ForwardReadGate is { } gate && Interlocked.Decrement(ref gate.Free) < 0)
        {
            gate.Reached.TrySetResult();
            await gate.Opened.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }

        if (ForwardReadsBeforeFailing is { } left)
        {
            ForwardReadsBeforeFailing = left - 1;
            if (left <= 0)
            {
                throw new IOException("the disk went away");
            }
        }
    }

    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetOldestSeqAsync(conversation, cancellationToken);
}

/// <summary>Holds reads back: the first <see cref="Free"/> pass, the next signal <see cref="Reached"/> and wait for <see cref="Opened"/>.</summary>
public sealed class ReadGate(int free)
{
#pragma warning disable CA1051 // a counter decremented in place
    public int Free = free;
#pragma warning restore CA1051

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
