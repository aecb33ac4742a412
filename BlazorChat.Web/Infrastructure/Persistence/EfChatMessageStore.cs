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
    private readonly GroupCommit _groups;
    private readonly int _maxBatch;
    private readonly ServerMetrics? _metrics;
    private readonly Channel<PendingWrite> _appends = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private long _retries;

    public EfChatMessageStore(
        IDbContextFactory<ChatDbContext> contexts, ChatOptions options, PersistenceOptions persistence, ILogger<EfChatMessageStore> logger,
        ServerMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence.MaxBatchSize, 1);
        _contexts = contexts;
        _logger = logger;
        _groups = new GroupCommit(options.IdempotencyWindow);
        _maxBatch = persistence.MaxBatchSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions committed so far (for tests and benchmarks: messages per transaction).</summary>
    internal long Transactions => _groups.Transactions;

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
            catch (Exception ex) when (attempt < MaxAttempts && RepeatedSends.IsLostRace(ex))
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
        var (fresh, repeats) = await _groups.CommitAsync(db, all);
        Log.Committed(_logger, fresh, repeats);
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
