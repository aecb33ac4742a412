using System.Threading.Channels;
using BlazorChat.Domain;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Messages in the chat database. Appends are committed in groups: one writer takes every message waiting in
/// its channel, drops repeated <c>clientMsgId</c>s (one query for the whole group), assigns each conversation's
/// next seqs in queue order, and commits them in one transaction; each message's task completes only after that
/// commit, so an acknowledged message is durable. Under load many messages, of one conversation or many, share a
/// transaction; alone, a message is committed at once.
/// </summary>
internal sealed partial class EfChatMessageStore : IChatMessageStore, IAsyncDisposable
{
    /// <summary>The most messages in one transaction by default.</summary>
    public const int DefaultMaxBatch = 256;

    private readonly IDbContextFactory<ChatDbContext> _contexts;
    private readonly ILogger<EfChatMessageStore> _logger;
    private readonly TimeSpan _idempotencyWindow;
    private readonly int _maxBatch;
    private readonly Channel<PendingAppend> _appends = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Owned by the writer loop: the latest committed seq of each conversation it has written to.
    private readonly Dictionary<string, long> _latestSeq = new(StringComparer.Ordinal);
    private readonly Task _writer;
    private long _transactions;

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
        return await db.Messages.Where(m => m.Conversation == conversation.Value).MaxAsync(m => (long?)m.Seq, cancellationToken) ?? 0;
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
        var assigned = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var db = await _contexts.CreateDbContextAsync();
            var originals = await FindOriginalsAsync(db, batch);
            var rows = new List<(PendingAppend Pending, StoredMessage Row)>(batch.Count);
            var repeats = new List<(PendingAppend Pending, StoredMessage Original)>();
            foreach (var pending in batch)
            {
                var message = pending.Message;
                if (message.ClientMsgId is { } id && originals.TryGetValue((message.From, id), out var original)
                    && original.SentAt >= message.SentAt - _idempotencyWindow)
                {
                    repeats.Add((pending, original));
                    continue;
                }

                var conversation = message.Conversation.Value;
                if (!assigned.TryGetValue(conversation, out var latest) && !_latestSeq.TryGetValue(conversation, out latest))
                {
                    latest = await db.Messages.Where(m => m.Conversation == conversation).MaxAsync(m => (long?)m.Seq) ?? 0;
                }

                assigned[conversation] = latest + 1;
                var row = ToRow(message, latest + 1);
                db.Messages.Add(row);
                rows.Add((pending, row));
                if (message.ClientMsgId is { } clientMsgId)
                {
                    originals[(message.From, clientMsgId)] = row; // a repeat later in this group gets this one
                }
            }

            if (rows.Count > 0)
            {
                await db.SaveChangesAsync(); // one transaction for the whole group
                Interlocked.Increment(ref _transactions);
            }

            foreach (var (conversation, seq) in assigned)
            {
                _latestSeq[conversation] = seq;
            }

            foreach (var (pending, row) in rows)
            {
                pending.Committed.TrySetResult(ToMessage(row, pending.Message.Conversation));
            }

            foreach (var (pending, original) in repeats)
            {
                pending.Committed.TrySetResult(ToMessage(original, ConversationKey.Parse(original.Conversation)));
            }

            Log.Committed(_logger, rows.Count, repeats.Count);
        }
        catch (Exception ex)
        {
            // Nothing of the group was stored; forget cached seqs in case the database moved on without us.
            foreach (var conversation in assigned.Keys)
            {
                _latestSeq.Remove(conversation);
            }

            Log.CommitFailed(_logger, ex, batch.Count);
            foreach (var pending in batch)
            {
                pending.Committed.TrySetException(ex);
            }
        }
    }

    /// <summary>The stored messages whose sender and clientMsgId match a message of the group, in one query.</summary>
    private static async Task<Dictionary<(string From, string ClientMsgId), StoredMessage>> FindOriginalsAsync(
        ChatDbContext db, List<PendingAppend> batch)
    {
        var originals = new Dictionary<(string, string), StoredMessage>();
        var ids = batch.Select(p => p.Message.ClientMsgId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return originals;
        }

        var senders = batch.Where(p => p.Message.ClientMsgId is not null).Select(p => p.Message.From).Distinct(StringComparer.Ordinal).ToList();
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => senders.Contains(m.From) && m.ClientMsgId != null && ids.Contains(m.ClientMsgId))
            .ToListAsync();

        // The newest wins when an id was reused after its window; SentAt is compared here, as SQLite can't in SQL.
        foreach (var candidate in candidates.OrderBy(m => m.SentAt))
        {
            originals[(candidate.From, candidate.ClientMsgId!)] = candidate;
        }

        return originals;
    }

    private static StoredMessage ToRow(NewMessage message, long seq) => new()
    {
        MessageId = message.MessageId,
        Conversation = message.Conversation.Value,
        Seq = seq,
        From = message.From,
        Room = message.Room,
        To = message.To,
        Text = message.Text,
        SentAt = message.SentAt,
        ClientMsgId = message.ClientMsgId,
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
    }
}
