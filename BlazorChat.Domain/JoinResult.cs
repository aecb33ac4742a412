using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

/// <summary>The answer to a join: the room's latest seq and, when asked with <c>afterSeq</c>, what came after it.</summary>
/// <param name="Room">The room joined.</param>
/// <param name="Seq">The room's latest seq when the join took effect: every later message is delivered live.</param>
/// <param name="Messages">
/// When recovered, the messages after the requested seq up to <paramref name="Seq"/>, oldest first — all of them, or
/// the first page when a page size was asked for; otherwise the newest page, for the client to page back from with
/// history. Null when no <c>afterSeq</c> was given.
/// </param>
/// <param name="Recovered">
/// Whether every missed message can be delivered: <paramref name="Messages"/> and then <paramref name="Remaining"/>
/// more up to <paramref name="Seq"/>. Null when no <c>afterSeq</c> was given.
/// </param>
/// <param name="Remaining">How many recovered messages follow <paramref name="Messages"/>, up to <paramref name="Seq"/>.</param>
/// <remarks>
/// <see cref="Rev"/> is the room's latest rev at the join; with <c>afterRev</c>, <see cref="Changes"/> are the changes
/// after it up to <see cref="Rev"/> (null when none was asked for or they could not all be given:
/// <see cref="ChangesRecovered"/> says which).
/// </remarks>
public sealed record JoinResult(string Room, long Seq, IReadOnlyList<ChatMessage>? Messages, bool? Recovered, long Remaining = 0)
{
    /// <summary>The room's latest rev when the join took effect: every later change is delivered live.</summary>
    public long Rev { get; init; }

    /// <summary>With <c>afterRev</c>: the changes after it, oldest first, each with its message as it is now.</summary>
    public IReadOnlyList<ChatChange>? Changes { get; init; }

    /// <summary>With <c>afterRev</c>: whether <see cref="Changes"/> holds every change missed.</summary>
    public bool? ChangesRecovered { get; init; }
}
