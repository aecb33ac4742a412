using System.Diagnostics;
using System.Threading.Channels;
using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Metrics;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Messages in the chat database. Appends and changes (edits, deletes, reactions) are committed in groups: one
/// writer takes everything waiting in its channel, drops repeated <c>clientMsgId</c>s (one query for the whole group),
/// decides the changes against the messages as committed (<see cref="MessageChangeRules"/>), advances each
/// conversation's head row in the database (<see cref="ConversationHeads"/>) and gives messages and changes the
/// positions it returns, in queue order, all in one transaction; each task completes only after that commit, so an
/// acknowledged message or change is durable. Under load many messages, of one conversation or many, share a transaction; alone, a message
/// is committed at once. Nothing about positions is kept in memory, so several stores (nodes) can share a database.
/// </summary>
internal sealed partial class EfChatMessageStore : IChatMessageStore, IAsyncDisposable
{
    /// <summary>The most messages in one transaction by default.</summary>
    public const int DefaultMaxBatch = 256;

    private const int MaxAttempts = 3;

    private readonly IDbContextFactory<ChatDbContext> _contexts;
    private readonly ILogger<EfChatMessageStore> _logger;
    private readonly TimeSpan _idempotencyWindow;
    private readonly int _maxBatch;
    private readonly ServerMetrics? _metrics;
    private readonly Channel<PendingWrite> _appends = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private long _transactions;
    private long _retries;

    public EfChatMessageStore(
        IDbContextFactory<ChatDbContext> contexts, ChatOptions options, PersistenceOptions persistence, ILogger<EfChatMessageStore> logger,
        ServerMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence.MaxBatchSize, 1);
        _contexts = contexts;
        _logger = logger;
        _idempotencyWindow = options.IdempotencyWindow;
        _maxBatch = persistence.MaxBatchSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions committed so far (for tests and benchmarks: messages per transaction).</summary>
    internal long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Groups tried again because another writer stored one of their sends first (for tests).</summary>
    internal long Retries => Interlocked.Read(ref _retries);

    /// <summary>Messages queued that the writer has not taken into a transaction yet.</summary>
    internal int Waiting => _appends.Reader.Count;

    public async ValueTask<Task<ChatMessage>> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(message);
        await _appends.Writer.WriteAsync(pending, cancellationToken);
        return pending.Committed.Task;
    }

    public async ValueTask<Task<ChangeOutcome>> EnqueueChangeAsync(MessageChangeRequest change, CancellationToken cancellationToken = default)
    {
        var pending = new PendingChange(change);
        await _appends.Writer.WriteAsync(pending, cancellationToken);
        return pending.Committed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _appends.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _appends.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var startedAt = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitOnceAsync(batch);
                _metrics?.Committed(batch.Count, startedAt);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsLostRace(ex))
            {
                // Nothing of the group was stored: another writer stored one of its sends since we looked (or, on
                // PostgreSQL, two such writers waited on each other). Looking again answers it with the original.
                Interlocked.Increment(ref _retries);
                Log.RaceLost(_logger, ex, batch.Count, attempt);
            }
            catch (Exception ex)
            {
                Log.CommitFailed(_logger, ex, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Fail(ex);
                }

                return;
            }
        }
    }

    private async Task CommitOnceAsync(List<PendingWrite> all)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var batch = all.OfType<PendingAppend>().ToList();
        var changes = all.OfType<PendingChange>().ToList();

        // Read before the transaction, so that it holds its lock no longer than it must; a send that another writer
        // stores after this read collides with it on the unique (From, IdempotencyKey) and the group is retried.
        var originals = await FindOriginalsAsync(db, batch);
        var fresh = new List<PendingAppend>(batch.Count);
        var keyHolders = new Dictionary<(string From, string ClientMsgId), int>(); // index in fresh of the group's latest use
        var keyLosers = new HashSet<int>(); // fresh messages whose key a later one of the group takes over
        var released = new List<string>(); // stored messages whose key a message of the group takes over
        var repeats = new List<(PendingAppend Pending, StoredMessage? Original, int Fresh)>();
        var counts = new Dictionary<string, (int Seqs, int Revs)>(StringComparer.Ordinal);
        foreach (var pending in batch)
        {
            var message = pending.Message;
            if (message.ClientMsgId is { } id)
            {
                var key = (message.From, id);
                if (keyHolders.TryGetValue(key, out var earlier))
                {
                    if (fresh[earlier].Message.SentAt >= message.SentAt - _idempotencyWindow)
                    {
                        repeats.Add((pending, null, earlier));
                        continue;
                    }

                    keyLosers.Add(earlier);
                }
                else if (originals.TryGetValue(key, out var original))
                {
                    if (original.SentAt >= message.SentAt - _idempotencyWindow)
                    {
                        repeats.Add((pending, original, -1));
                        continue;
                    }

                    released.Add(original.MessageId);
                }

                keyHolders[key] = fresh.Count;
            }

            fresh.Add(pending);
            var (seqs, revs) = counts.GetValueOrDefault(message.Conversation.Value);
            counts[message.Conversation.Value] = (seqs + 1, revs + 1);
        }

        var rows = new StoredMessage[fresh.Count];
        ChangeBatch? decided = null;
        if (fresh.Count > 0 || changes.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Database.AutoSavepointsEnabled = false; // a failure rolls the whole group back: no savepoint round trips

            // Changes are decided against the messages as committed, under the conversations' locks (taken by a first
            // write that changes nothing), so only those that apply take a rev.
            if (changes.Count > 0)
            {
                decided = await ChangeBatch.DecideAsync(db, changes, changes.Select(c => c.Change.Conversation.Value).Concat(counts.Keys));
                foreach (var conversation in decided.Revs.Keys)
                {
                    var (seqs, revs) = counts.GetValueOrDefault(conversation);
                    counts[conversation] = (seqs, revs + decided.Revs[conversation]);
                }
            }

            // The first write of the transaction (without changes), so the lock is held before any position is
            // chosen: a second writer of these conversations waits here until this one commits.
            var heads = counts.Count > 0 ? await ConversationHeads.AdvanceAsync(db, counts) : [];
            var next = counts.ToDictionary(
                c => c.Key, c => (Seq: heads[c.Key].Seq - c.Value.Seqs, Rev: heads[c.Key].Rev - c.Value.Revs), StringComparer.Ordinal);
            for (var i = 0; i < fresh.Count; i++)
            {
                var message = fresh[i].Message;
                var (seq, rev) = next[message.Conversation.Value];
                next[message.Conversation.Value] = (seq + 1, rev + 1);
                rows[i] = ToRow(message, seq + 1, rev + 1, keyLosers.Contains(i) ? null : message.ClientMsgId);
            }

            decided?.Place(db, next);
            await CountRepliesAsync(db, rows);
            if (released.Count > 0)
            {
                await db.Messages.Where(m => released.Contains(m.MessageId))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.IdempotencyKey, (string?)null));
            }

            db.Messages.AddRange(rows);
            await db.SaveChangesAsync();
            await transaction.CommitAsync(); // one transaction for the whole group
            Interlocked.Increment(ref _transactions);
        }

        for (var i = 0; i < fresh.Count; i++)
        {
            fresh[i].Committed.TrySetResult(ToMessage(rows[i], fresh[i].Message.Conversation, []));
        }

        decided?.Complete();

        foreach (var (pending, original, index) in repeats)
        {
            pending.Committed.TrySetResult(original is null
                ? ToMessage(rows[index], fresh[index].Message.Conversation, [])
                : ToMessage(original, ConversationKey.Parse(original.Conversation), []));
        }

        Log.Committed(_logger, fresh.Count, repeats.Count);
    }

    /// <summary>Counts the group's replies on their roots, in the group's transaction.</summary>
    private static async Task CountRepliesAsync(ChatDbContext db, StoredMessage[] rows)
    {
        foreach (var thread in rows.Where(r => r.ReplyTo is not null).GroupBy(r => r.ReplyTo!, StringComparer.Ordinal))
        {
            var (count, last) = (thread.Count(), thread.Max(r => r.SentAt));
            await db.Messages.Where(m => m.MessageId == thread.Key)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyCount, m => m.ReplyCount + count).SetProperty(m => m.LastReplyAt, last));
        }
    }

    private static StoredMessage ToRow(NewMessage message, long seq, long rev, string? idempotencyKey) => new()
    {
        MessageId = message.MessageId,
        Conversation = message.Conversation.Value,
        Seq = seq,
        Rev = rev,
        Version = rev,
        ReplyTo = message.ReplyTo,
        Mentions = MentionList.Format(message.Mentions),
        From = message.From,
        Room = message.Room,
        To = message.To,
        Text = message.Text,
        SentAt = message.SentAt,
        ClientMsgId = message.ClientMsgId,
        IdempotencyKey = idempotencyKey,
    };

    private abstract class PendingWrite
    {
        public abstract void Fail(Exception exception);
    }

    private sealed class PendingAppend(NewMessage message) : PendingWrite
    {
        public NewMessage Message { get; } = message;

        public TaskCompletionSource<ChatMessage> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Fail(Exception exception) => Committed.TrySetException(exception);
    }

    private sealed class PendingChange(MessageChangeRequest change) : PendingWrite
    {
        public MessageChangeRequest Change { get; } = change;

        public TaskCompletionSource<ChangeOutcome> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Fail(Exception exception) => Committed.TrySetException(exception);
    }

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Trace, "Committed {Count} messages in one transaction ({Repeats} repeated sends answered)")]
        public static partial void Committed(ILogger logger, int count, int repeats);

        [LoggerMessage(201, LogLevel.Error, "Could not commit {Count} messages")]
        public static partial void CommitFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(202, LogLevel.Information, "Another writer stored a send of a group of {Count} messages first; trying again (attempt {Attempt})")]
        public static partial void RaceLost(ILogger logger, Exception exception, int count, int attempt);
    }
}
