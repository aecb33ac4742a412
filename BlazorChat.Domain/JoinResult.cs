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
public sealed record JoinResult(string Room, long Seq, IReadOnlyList<ChatMessage>? Messages, bool? Recovered, long Remaining = 0);
