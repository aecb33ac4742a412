using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// A message store whose commits the test performs: messages wait in the queue, uncommitted and unseen by readers,
/// until <see cref="Commit"/> stores them in queue order and answers each — in order, or in reverse, the way
/// continuations of a real group commit may run — or fails some of them.
/// </summary>
internal sealed class GatedMessageStore : IChatMessageStore
{
    private readonly InMemoryChatMessageStore _committed = new();
    private readonly List<(NewMessage Message, TaskCompletionSource<ChatMessage> Commit)> _queued = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>What has been committed so far.</summary>
    public InMemoryChatMessageStore Committed => _committed;

    public ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        var commit = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queued)
        {
            _queued.Add((message, commit));
            foreach (var waiter in _waiters.Where(w => _queued.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }

        return ValueTask.FromResult(commit.Task);
    }

    /// <summary>Completes once <paramref name="count"/> messages wait for their commit.</summary>
    public Task QueuedAsync(int count)
    {
        lock (_queued)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_queued.Count >= count)
            {
                reached.SetResult();
            }

            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Stores every queued message but those at <paramref name="failing"/> indexes, then answers them all.</summary>
    public async Task Commit(bool answerInReverse = false, params int[] failing)
    {
        List<(NewMessage Message, TaskCompletionSource<ChatMessage> Commit)> queued;
        lock (_queued)
        {
            queued = [.. _queued];
            _queued.Clear();
        }

        var answers = new List<Action>();
        for (var i = 0; i < queued.Count; i++)
        {
            var (message, commit) = queued[i];
            if (failing.Contains(i))
            {
                answers.Add(() => commit.SetException(new IOException("disk full")));
                continue;
            }

            var stored = await await _committed.EnqueueAsync(message);
            answers.Add(() => commit.SetResult(stored));
        }

        if (answerInReverse)
        {
            answers.Reverse();
        }

        answers.ForEach(answer => answer());
    }

    public ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default) =>
        _committed.GetHeadsAsync(cancellationToken);

    public ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _committed.GetLatestSeqAsync(conversation, cancellationToken);

    public ValueTask<ConversationSeq> GetHeadAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _committed.GetHeadAsync(conversation, cancellationToken);

    public ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default) =>
        _committed.EnqueueChangeAsync(change, cancellationToken);

    public ValueTask<IReadOnlyList<ChatChange>> GetChangesAfterAsync(ConversationKey conversation, long afterRev, int limit, CancellationToken cancellationToken = default) =>
        _committed.GetChangesAfterAsync(conversation, afterRev, limit, cancellationToken);

    public ValueTask<ChatMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        _committed.GetMessageAsync(messageId, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetRepliesAsync(string rootMessageId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _committed.GetRepliesAsync(rootMessageId, afterSeq, limit, cancellationToken);


    public ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        _committed.GetBeforeAsync(conversation, beforeSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        _committed.GetAfterAsync(conversation, afterSeq, limit, cancellationToken);

    public ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default) =>
        _committed.GetOldestSeqAsync(conversation, cancellationToken);
}
