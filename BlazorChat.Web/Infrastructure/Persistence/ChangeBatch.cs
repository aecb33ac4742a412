using BlazorChat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

// Edits, deletes and reactions: decided in the writer's transaction against the messages as committed.
/// <summary>The changes of one group, decided under their conversations' locks, then placed at their revs.</summary>
internal sealed class ChangeBatch
{
    private readonly List<(PendingChange Pending, ChangeOutcome Outcome)> _decided = [];
    private readonly Dictionary<string, StoredMessage> _rows;
    private readonly List<StoredReaction> _reactions;

    private ChangeBatch(Dictionary<string, StoredMessage> rows, List<StoredReaction> reactions) => (_rows, _reactions) = (rows, reactions);

    /// <summary>How many revs each conversation's applied changes take.</summary>
    public Dictionary<string, int> Revs { get; } = new(StringComparer.Ordinal);

    /// <param name="db">The writer's context, in its transaction.</param>
    /// <param name="changes">The group's changes, in queue order.</param>
    /// <param name="conversations">Every conversation the group writes to, its messages' too.</param>
    public static async Task<ChangeBatch> DecideAsync(ChatDbContext db, List<PendingChange> changes, IEnumerable<string> conversations)
    {
        // A write that changes nothing takes every conversation's lock of the group at once, in the one order all
        // writers use (row locks on PostgreSQL, so two writers never wait on each other in a cycle; the database's
        // write lock on SQLite): from here until commit no other writer changes these messages.
        await ConversationHeads.AdvanceAsync(db, conversations.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => (0, 0), StringComparer.Ordinal));

        var ids = changes.Select(c => c.Change.MessageId).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Messages.Where(m => ids.Contains(m.MessageId)).ToDictionaryAsync(m => m.MessageId, StringComparer.Ordinal);
        var reactions = await db.Reactions.Where(r => ids.Contains(r.MessageId)).OrderBy(r => r.Id).ToListAsync();
        var batch = new ChangeBatch(rows, reactions);
        var current = rows.Values.ToDictionary(
            r => r.MessageId,
            r => StoredMessageRows.ToMessage(r, ConversationKey.Parse(r.Conversation), reactions.Where(x => x.MessageId == r.MessageId)),
            StringComparer.Ordinal);
        foreach (var pending in changes)
        {
            var change = pending.Change;
            var outcome = MessageChangeRules.Apply(current.GetValueOrDefault(change.MessageId), change, rev: 0);
            batch._decided.Add((pending, outcome));
            if (outcome.Change is { } applied)
            {
                current[change.MessageId] = applied.Message;
                batch.Revs[change.Conversation.Value] = batch.Revs.GetValueOrDefault(change.Conversation.Value) + 1;
            }
        }

        return batch;
    }

    /// <summary>
    /// Gives each applied change the next rev of its conversation (<paramref name="next"/> holds the last one given)
    /// and writes it: the message's new state, its reactions, and the change's row.
    /// </summary>
    public void Place(ChatDbContext db, Dictionary<string, (long Seq, long Rev)> next)
    {
        for (var i = 0; i < _decided.Count; i++)
        {
            var (pending, outcome) = _decided[i];
            if (outcome.Change is not { } applied)
            {
                continue;
            }

            var key = applied.Conversation.Value;
            var rev = next[key].Rev + 1;
            next[key] = (next[key].Seq, rev);
            var placed = applied with { Rev = rev, Message = applied.Message with { Version = rev } };
            _decided[i] = (pending, outcome with { Change = placed });
            Write(db, placed);
        }
    }

    public void Complete()
    {
        foreach (var (pending, outcome) in _decided)
        {
            pending.Committed.TrySetResult(outcome);
        }
    }

    private void Write(ChatDbContext db, ChatChange change)
    {
        var row = _rows[change.Message.MessageId];
        row.Version = change.Rev;
        db.MessageChanges.Add(new StoredChange
        {
            Conversation = row.Conversation,
            Rev = change.Rev,
            Kind = change.Kind,
            MessageId = row.MessageId,
            User = change.User,
            Emoji = change.Emoji,
            On = change.On,
        });
        switch (change.Kind)
        {
            case ChangeKind.Edited:
                row.Text = change.Message.Text;
                row.EditedAt = change.Message.EditedAt;
                row.Mentions = MentionList.Format(change.Message.Mentions);
                break;
            case ChangeKind.Deleted:
                // The text leaves storage; the row stays, so seq keeps no gap.
                (row.Text, row.Deleted, row.Mentions) = ("", true, null);
                foreach (var reaction in _reactions.Where(r => r.MessageId == row.MessageId).ToList())
                {
                    Remove(db, reaction);
                }

                break;
            case ChangeKind.Reacted when change.On:
                // The emoji keeps its place while anyone still reacts with it; a new one goes last.
                var since = _reactions.FirstOrDefault(r => r.MessageId == row.MessageId && r.Emoji == change.Emoji)?.EmojiRev ?? change.Rev;
                var added = new StoredReaction { MessageId = row.MessageId, User = change.User!, Emoji = change.Emoji!, EmojiRev = since };
                _reactions.Add(added);
                db.Reactions.Add(added);
                break;
            case ChangeKind.Reacted:
                Remove(db, _reactions.First(r => r.MessageId == row.MessageId && r.Emoji == change.Emoji && Domain.ChatNames.SameUser(r.User, change.User!)));
                break;
        }
    }

    private void Remove(ChatDbContext db, StoredReaction reaction)
    {
        _reactions.Remove(reaction);
        if (db.Entry(reaction).State == EntityState.Added)
        {
            db.Entry(reaction).State = EntityState.Detached; // added and removed in one group: never written
        }
        else
        {
            db.Reactions.Remove(reaction);
        }
    }
}
