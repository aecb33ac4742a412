using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// The <see cref="Reassembler"/>'s state of one conversation: how far it is delivered here, what waits, and who waits
/// for it. Guarded by locking the instance itself.
/// </summary>
internal sealed class ConversationStream(ConversationKey conversation)
{
    public ConversationKey Conversation { get; } = conversation;

    /// <summary>The rev up to which the conversation is delivered here.</summary>
    public long Cursor { get; set; }

    /// <summary>The conversation's latest seq at <see cref="Cursor"/>.</summary>
    public long Seq { get; set; }

    /// <summary>The highest rev known to be committed that is not here yet (from a head or a repeat).</summary>
    public long Target { get; set; }

    public SortedList<long, ChatChange> Held { get; } = [];

    public List<(long Rev, TaskCompletionSource Delivered)> Waiters { get; } = [];

    public ITimer? GapTimer { get; set; }

    public bool Filling { get; set; }
}
