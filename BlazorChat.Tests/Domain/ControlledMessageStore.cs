using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// In-memory messages that the test commits itself (<see cref="AppendAsync"/>), so it decides what a node is offered
/// and in what order; the reads a node makes are counted, and fail (<see cref="FailReads"/>) or wait
/// (<see cref="ForwardReadGate"/>) on demand.
/// </summary>
internal sealed class ControlledMessageStore : IChatMessageStore
{
    private readonly InMemoryChatMessageStore _inner = new();
    private int _forwardReads;
    private int _headReads;
    private int _latestReads;

    /// <summary>Reads after a seq or rev (fills) and of the heads (sweeps) throw while set.</summary>
    public bool FailReads { get; set; }

    /// <summary>Reads after a seq, past the first <see cref="ReadGate.Free"/>, wait until the gate opens.</summary>
    public ReadGate? ForwardReadGate { get; set; }

    /// <summary>How many reads after a seq were made (failed ones included): each is a fill from the store.</summary>
    public int ForwardReads => Volatile.Read(ref _forwardReads);

    public int HeadReads => Volatile.Read(ref _headReads);

    public int LatestReads => Volatile.Read(ref _latestReads);

    /// <summary>Commits a message as the next seq of <paramref name="conversation"/>; no node hears of it.</summary>
    public async Task<ChatMessage> AppendAsync(ConversationKey conversation, string? text = null)
    {
        var message = new NewMessage(
            Guid.NewGuid().ToString("N"), conversation, "alice", conversation.Room, conversation.Room is null ? "bob" : null,
            text ?? "m", DateTimeOffset.UnixEpoch, null);
        return await await _inner.EnqueueAsync(message);
    }

    public async Task<IReadOnlyList<ChatMessage>> AppendManyAsync(ConversationKey conversation, int count)
    {
        var appended = new List<ChatMessage>(count);
        for (var i = 0; i < count; i++)
        {
            appended.Add(await AppendAsync(conversation));
        }

        return appended;
    }

    public ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default) =>
        _inner.EnqueueAsync(message, cancellationToken);

    public ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default) =>
        _inner.EnqueueChangeAsync(change, cancellationToken);

    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _latestReads);
        return _inner.GetLatestSeqAsync(conversation, cancellationToken);
    }

    public ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _latestReads);
        return _inner.GetHeadAsync(conversation, cancellationToken);
    }

    public ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        _inner.GetMessageAsync(messageId, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetRepliesAsync(rootMessageId, afterSeq, limit, cancellationToken);


    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        _inner.GetBeforeAsync(conversation, beforeSeq, limit, cancellationToken);

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
        Interlocked.Increment(ref _forwardReads);
        if (ForwardReadGate is { } gate && Interlocked.Decrement(ref gate.Free) < 0)
        {
            gate.Reached.TrySetResult();
            await gate.Opened.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }

        if (FailReads)
        {
            throw new IOException("the database went away");
        }
    }

    public ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _headReads);
        return FailReads ? throw new IOException("the database went away") : _inner.GetHeadsAsync(cancellationToken);
    }

    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _inner.GetOldestSeqAsync(conversation, cancellationToken);
}
