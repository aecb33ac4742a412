using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Abstractions;

/// <summary>
/// Durable read markers: per user and conversation, the seq of the last message the user has read. A marker
/// only ever moves forward. The store also counts what is unread, since that needs markers and messages together.
/// </summary>
public interface IReadMarkerStore
{
    /// <summary>Every marker of the user, by conversation.</summary>
    Task<IReadOnlyDictionary<ConversationKey, long>> GetAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the user's marker of the conversation to <paramref name="seq"/> unless it is already there or beyond
    /// (creating it when there is none), and returns the marker as it now stands.
    /// </summary>
    Task<MarkerUpdate> AdvanceAsync(string user, ConversationKey conversation, long seq, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's unread messages, per conversation with any: messages not sent by the user, with a seq above the
    /// user's marker. Counted in <paramref name="rooms"/> (a room without a marker has nothing unread) and in every
    /// direct conversation with a message to the user (without a marker, all of the peer's messages are unread).
    /// </summary>
    /// <param name="user">The user, as registered.</param>
    /// <param name="rooms">The user's rooms, <c>general</c> included.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<UnreadCount>> CountUnreadAsync(
        string user, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default);
}
