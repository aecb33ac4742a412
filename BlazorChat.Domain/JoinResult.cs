using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

/// <summary>The answer to a join: the room's latest seq and, when asked with <c>afterSeq</c>, what came after it.</summary>
/// <param name="Room">The room joined.</param>
/// <param name="Seq">The room's latest seq when the join took effect.</param>
/// <param name="Messages">Every message after the requested seq, oldest first; null when no <c>afterSeq</c> was given.</param>
/// <param name="Recovered">Whether <paramref name="Messages"/> holds all of them; null when no <c>afterSeq</c> was given.</param>
public sealed record JoinResult(string Room, long Seq, IReadOnlyList<ChatMessage>? Messages, bool? Recovered);
