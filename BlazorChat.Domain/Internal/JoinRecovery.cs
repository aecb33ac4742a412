using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// What a (re)joining client missed, read from the store once its connections receive the room live: the messages
/// after its <c>afterSeq</c>, or the changes after its <c>afterRev</c> — all of them when still held and not too many,
/// or else a page to start from and word that the rest must be paged back.
/// </summary>
internal sealed class JoinRecovery(IChatMessageStore messages, ChatOptions options)
{
    /// <summary>
    /// The messages of the room after <paramref name="after"/> up to the join's <paramref name="seq"/> and <paramref name="rev"/>
    /// (later ones are live); paged by <paramref name="pageSize"/> when given.
    /// </summary>
    public async Task<JoinResult> MissedMessagesAsync(
        string room, long seq, long rev, long after, int? pageSize, CancellationToken cancellationToken)
    {
        var conversation = ConversationKey.ForRoom(room);

        // Read outside the lock, so sends to the room don't wait for it; later messages are live, hence "<= seq".
        var missed = seq - Math.Min(after, seq);
        var oldest = missed == 0 ? null : await messages.GetOldestSeqAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (missed > options.MaxRecoveredMessages || oldest > after + 1)
        {
            // Too many, or no longer held: the newest page, and the client pages back through history.
            var newest = await messages.GetBeforeAsync(
                conversation, seq + 1, pageSize ?? Math.Min(HistoryPages.MaxLimit, options.MaxRecoveredMessages), cancellationToken).ConfigureAwait(false);
            return new JoinResult(room, seq, newest.Where(m => m.Rev <= rev).ToList(), Recovered: false) { Rev = rev };
        }

        var read = await messages.GetAfterAsync(conversation, after, (int)Math.Min(missed, pageSize ?? options.MaxRecoveredMessages), cancellationToken)
            .ConfigureAwait(false);
        var page = read.Where(m => m.Rev <= rev).ToList();
        if (missed > 0 && (page.Count == 0 || page[0].Seq != after + 1))
        {
            // The oldest were dropped meanwhile (a store that keeps only the newest): say so rather than leave a gap.
            return new JoinResult(room, seq, page, Recovered: false) { Rev = rev };
        }

        // Without a page size everything is in the reply; with one, the rest follows it.
        return new JoinResult(room, seq, page, Recovered: true, Remaining: pageSize is null ? 0 : missed - page.Count) { Rev = rev };
    }

    /// <summary>The changes of the room after <paramref name="afterRev"/> up to the join's rev, when they are all still held.</summary>
    public async Task<JoinResult> MissedChangesAsync(JoinResult joined, long afterRev, CancellationToken cancellationToken)
    {
        if (afterRev > joined.Rev)
        {
            // Past the head: the client holds revs this server never gave (a store restored from an older backup).
            return joined with { Changes = [], ChangesRecovered = false };
        }

        var missed = joined.Rev - afterRev;
        if (missed == 0)
        {
            return joined with { Changes = [], ChangesRecovered = true };
        }

        if (missed > options.MaxRecoveredMessages)
        {
            return joined with { Changes = [], ChangesRecovered = false };
        }

        var read = await messages.GetChangesAfterAsync(ConversationKey.ForRoom(joined.Room), afterRev, (int)missed, cancellationToken)
            .ConfigureAwait(false);
        var changes = read.Where(c => c.Rev <= joined.Rev).ToList();
        var complete = changes.Count == missed && changes[0].Rev == afterRev + 1;
        return complete ? joined with { Changes = changes, ChangesRecovered = true } : joined with { Changes = [], ChangesRecovered = false };
    }
}
