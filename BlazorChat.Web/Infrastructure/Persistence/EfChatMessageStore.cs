using System.Threading.Channels;
using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Messages in the chat database. Appends are committed in groups: one writer takes every append waiting in
/// its channel, assigns each conversation's next seq, and commits them in one transaction; each append
/// completes only after that commit, so an acknowledged message is durable. Under load many messages share a
/// transaction; alone, a message is committed at once.
/// </summary>
internal sealed partial class EfChatMessageStore : IChatMessageStore, IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly IDbContextFactory<ChatDbContext> _contexts;
    private readonly ILogger<EfChatMessageStore> _logger;
    private readonly Channel<PendingAppend> _appends = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Owned by the writer loop: the latest committed seq of each conversation it has written to.
    private readonly Dictionary<string, long> _latestSeq = new(StringComparer.Ordinal);
    private readonly Task _writer;

    public EfChatMessageStore(IDbContextFactory<ChatDbContext> contexts, ILogger<EfChatMessageStore> logger)
    {
        _contexts = contexts;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async ValueTask<ChatMessage> AppendAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(message);
        await _appends.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Committed.Task;
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

    public async ValueTask<ChatMessage?> FindByClientMsgIdAsync(
        string from, string clientMsgId, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        // Filtered on the client: SQLite cannot compare DateTimeOffset columns, and the candidates are one or two rows.
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => m.From == from && m.ClientMsgId == clientMsgId).ToListAsync(cancellationToken);
        return candidates.Where(m => m.SentAt >= notBefore).OrderByDescending(m => m.Seq)
            .Select(m => ToMessage(m, ConversationKey.Parse(m.Conversation))).FirstOrDefault();
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
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _appends.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _appends.Reader.TryRead(out var pending))
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
            var rows = new List<(PendingAppend Pending, StoredMessage Row)>(batch.Count);
            foreach (var pending in batch)
            {
                var conversation = pending.Message.Conversation.Value;
                if (!assigned.TryGetValue(conversation, out var latest) && !_latestSeq.TryGetValue(conversation, out latest))
                {
                    latest = await db.Messages.Where(m => m.Conversation == conversation).MaxAsync(m => (long?)m.Seq) ?? 0;
                }

                assigned[conversation] = latest + 1;
                var row = ToRow(pending.Message, latest + 1);
                db.Messages.Add(row);
                rows.Add((pending, row));
            }

            await db.SaveChangesAsync(); // one transaction for the whole group
            foreach (var (conversation, seq) in assigned)
            {
                _latestSeq[conversation] = seq;
            }

            foreach (var (pending, row) in rows)
            {
                pending.Committed.TrySetResult(ToMessage(row, pending.Message.Conversation));
            }

            Log.Committed(_logger, batch.Count);
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
        [LoggerMessage(200, LogLevel.Trace, "Committed {Count} messages in one transaction")]
        public static partial void Committed(ILogger logger, int count);

        [LoggerMessage(201, LogLevel.Error, "Could not commit {Count} messages")]
        public static partial void CommitFailed(ILogger logger, Exception exception, int count);
    }
}
