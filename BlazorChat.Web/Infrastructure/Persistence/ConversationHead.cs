namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// A conversation's positions: the last <c>seq</c> and <c>rev</c> given out. The writer advances it in the same
/// transaction as the messages that take those positions, and that update is the transaction's first write, so
/// a second writer of the conversation waits for the first one's commit: commit order is position order.
/// </summary>
public sealed class ConversationHead
{
    public required string Key { get; init; }

    public long LastSeq { get; init; }

    public long LastRev { get; init; }
}
