using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// One group of <see cref="EfChatMessageStore"/>'s writer, committed: repeated <c>clientMsgId</c>s answered with their
/// originals (<see cref="RepeatedSends"/>), changes decided (<see cref="ChangeBatch"/>), each conversation's head
/// advanced (<see cref="ConversationHeads"/>) and messages and changes placed at the positions it returns, in queue
/// order, all in one transaction.
/// </summary>
internal sealed class GroupCommit(TimeSpan idempotencyWindow)
{
    private long _transactions;

    /// <summary>Transactions committed so far.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>
    /// Commits the group in one transaction (none when it is all repeats) and completes each write's task after that
    /// commit; returns how many sends were new and how many were repeats.
    /// </summary>
    public async Task<(int Fresh, int Repeats)> CommitAsync(ChatDbContext db, List<PendingWrite> all)
    {
        var batch = all.OfType<PendingAppend>().ToList();
        var changes = all.OfType<PendingChange>().ToList();

        // Read before the transaction, so that it holds its lock no longer than it must; a send that another writer
        // stores after this read collides with it on the unique (From, IdempotencyKey) and the group is retried.
        var originals = await RepeatedSends.FindOriginalsAsync(db, batch);
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
                    if (fresh[earlier].Message.SentAt >= message.SentAt - idempotencyWindow)
                    {
                        repeats.Add((pending, null, earlier));
                        continue;
                    }

                    keyLosers.Add(earlier);
                }
                else if (originals.TryGetValue(key, out var original))
                {
                    if (original.SentAt >= message.SentAt - idempotencyWindow)
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
                rows[i] = StoredMessageRows.ToRow(message, seq + 1, rev + 1, keyLosers.Contains(i) ? null : message.ClientMsgId);
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
            fresh[i].Committed.TrySetResult(StoredMessageRows.ToMessage(rows[i], fresh[i].Message.Conversation, []));
        }

        decided?.Complete();

        foreach (var (pending, original, index) in repeats)
        {
            pending.Committed.TrySetResult(original is null
                ? StoredMessageRows.ToMessage(rows[index], fresh[index].Message.Conversation, [])
                : StoredMessageRows.ToMessage(original, ConversationKey.Parse(original.Conversation), []));
        }

        return (fresh.Count, repeats.Count);
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
}
