using System.Threading.Channels;
using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Messages in the chat database. Appends are committed in groups: one writer takes every message waiting in
/// its channel, drops repeated <c>clientMsgId</c>s (one query for the whole group), advances each conversation's
/// head row in the database (<see cref="ConversationHeads"/>) and gives the messages the positions it returns, in
/// queue order, all in one transaction; each message's task completes only after that commit, so an acknowledged
/// message is durable. Under load many messages, of one conversation or many, share a transaction; alone, a message
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
    private readonly Channel<PendingAppend> _appends = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private long _transactions;
    private long _retries;

    public EfChatMessageStore(
        IDbContextFactory<ChatDbContext> contexts, ChatOptions options, PersistenceOptions persistence, ILogger<EfChatMessageStore> logger)
    {
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

    public async ValueTask<long> GetLatestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Key == conversation.Value).Select(c => (long?)c.LastSeq)
            .FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    public async ValueTask<IReadOnlyList<ConversationSeq>> GetHeadsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var heads = await db.Conversations.AsNoTracking().Select(c => new { c.Key, c.LastSeq }).ToListAsync(cancellationToken);
        return heads.Select(h => new ConversationSeq(ConversationKey.Parse(h.Key), h.LastSeq)).ToList();
    }

    public async ValueTask<IReadOnlyList<ChatMessage>> GetBeforeAsync(
        ConversationKey conversation, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var before = beforeSeq ?? long.MaxValue;
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation == conversation.Value && m.Seq < before)
            .OrderByDescending(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
        return page.AsEnumerable().Reverse().Select(m => ToMessage(m, conversation)).ToList();
    }

    public async ValueTask<IReadOnlyList<ChatMessage>> GetAfterAsync(
        ConversationKey conversation, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation == conversation.Value && m.Seq > afterSeq)
            .OrderBy(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
        return page.Select(m => ToMessage(m, conversation)).ToList();
    }

    public async ValueTask<long?> GetOldestSeqAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.Where(m => m.Conversation == conversation.Value).MinAsync(m => (long?)m.Seq, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_maxBatch);
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

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitOnceAsync(batch);
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
                    pending.Committed.TrySetException(ex);
                }

                return;
            }
        }
    }

    private async Task CommitOnceAsync(List<PendingAppend> batch)
    {
        await using var db = await _contexts.CreateDbContextAsync();

        // Read before the transaction, so that it holds its lock no longer than it must; a send that another writer
        // stores after this read collides with it on the unique (From, IdempotencyKey) and the group is retried.
        var originals = await FindOriginalsAsync(db, batch);
        var fresh = new List<PendingAppend>(batch.Count);
        var keyHolders = new Dictionary<(string From, string ClientMsgId), int>(); // index in fresh of the group's latest use
        var keyLosers = new HashSet<int>(); // fresh messages whose key a later one of the group takes over
        var released = new List<string>(); // stored messages whose key a message of the group takes over
        var repeats = new List<(PendingAppend Pending, StoredMessage? Original, int Fresh)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
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
            counts[message.Conversation.Value] = counts.GetValueOrDefault(message.Conversation.Value) + 1;
        }

        var rows = new StoredMessage[fresh.Count];
        if (fresh.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Database.AutoSavepointsEnabled = false; // a failure rolls the whole group back: no savepoint round trips

            // The first write of the transaction, so the lock is held before any position is chosen: a second
            // writer of these conversations waits here until this one commits.
            var heads = await ConversationHeads.AdvanceAsync(db, counts);
            var next = counts.ToDictionary(c => c.Key, c => (Seq: heads[c.Key].Seq - c.Value, Rev: heads[c.Key].Rev - c.Value), StringComparer.Ordinal);
            for (var i = 0; i < fresh.Count; i++)
            {
                var message = fresh[i].Message;
                var (seq, rev) = next[message.Conversation.Value];
                next[message.Conversation.Value] = (seq + 1, rev + 1);
                rows[i] = ToRow(message, seq + 1, rev + 1, keyLosers.Contains(i) ? null : message.ClientMsgId);
            }

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
            fresh[i].Committed.TrySetResult(ToMessage(rows[i], fresh[i].Message.Conversation));
        }

        foreach (var (pending, original, index) in repeats)
        {
            pending.Committed.TrySetResult(original is null
                ? ToMessage(rows[index], fresh[index].Message.Conversation)
                : ToMessage(original, ConversationKey.Parse(original.Conversation)));
        }

        Log.Committed(_logger, fresh.Count, repeats.Count);
    }

    private static StoredMessage ToRow(NewMessage message, long seq, long rev, string? idempotencyKey) => new()
    {
        MessageId = message.MessageId,
        Conversation = message.Conversation.Value,
        Seq = seq,
        Rev = rev,
        From = message.From,
        Room = message.Room,
        To = message.To,
        Text = message.Text,
        SentAt = message.SentAt,
        ClientMsgId = message.ClientMsgId,
        IdempotencyKey = idempotencyKey,
    };

    private static ChatMessage ToMessage(StoredMessage row, ConversationKey conversation) =>
        new(row.MessageId, conversation, row.Seq, row.From, row.Room, row.To, row.Text, row.SentAt, row.ClientMsgId);

    private sealed class PendingAppend(NewMessage message)
    {
        public NewMessage Message { get; } = message;

        public TaskCompletionSource<ChatMessage> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
