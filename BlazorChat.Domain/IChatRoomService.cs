using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

/// <summary>
/// The one way into the chat, for the Blazor UI and <c>/ws</c> alike. Every method takes the authenticated
/// user's name; nothing else decides who the sender is.
/// </summary>
public interface IChatRoomService
{
    /// <summary>
    /// Subscribes a circuit or socket of <paramref name="user"/>. Its first event is <see cref="SessionStarted"/>;
    /// then it receives everything of its user's rooms and direct conversations, presence and typing, in order,
    /// through <paramref name="deliver"/> (one call at a time). Dispose the connection to unsubscribe.
    /// When the user already has <see cref="ChatOptions.MaxConnectionsPerUser"/> connections, the connection comes
    /// back already ended (<see cref="ConnectionEndReason.LimitReached"/>, also told to <paramref name="onEnded"/>).
    /// </summary>
    /// <param name="user">The authenticated user, as registered.</param>
    /// <param name="deliver">Called for each event, one at a time.</param>
    /// <param name="onEnded">Called when the service ends the connection (slow reader, failed delivery).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    Task<ChatConnection> ConnectAsync(
        string user,
        Func<ChatEvent, CancellationToken, ValueTask> deliver,
        Action<ConnectionEndReason>? onEnded = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores and delivers a message from <paramref name="sender"/> to a room or one user; with <paramref name="replyTo"/>,
    /// as a reply in the thread of that message (of the same conversation; a reply to a reply joins its root's thread).
    /// </summary>
    Task<ChatResult<ChatMessage>> SendAsync(
        string sender, ChatTarget target, string? text, string? clientMsgId = null, string? replyTo = null,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces the text of the user's own message; the change is stored and delivered as the conversation's next rev.</summary>
    Task<ChatResult<ChatChange>> EditAsync(string user, string? messageId, string? text, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user's own message: its text is gone from storage, the row stays so seq has no gap.</summary>
    Task<ChatResult<ChatChange>> DeleteAsync(string user, string? messageId, CancellationToken cancellationToken = default);

    /// <summary>Adds (<paramref name="on"/>) or removes the user's reaction; a null value means it already was so.</summary>
    Task<ChatResult<ChatChange?>> ReactAsync(
        string user, string? messageId, string? emoji, bool on, CancellationToken cancellationToken = default);

    /// <summary>The thread of any of its messages: the root and up to <paramref name="limit"/> replies after <paramref name="afterSeq"/>.</summary>
    Task<ChatResult<ThreadResult>> GetThreadAsync(
        string user, string? messageId, long? afterSeq = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the user a member of a room (created on first join). With <paramref name="afterSeq"/>, returns what came
    /// after it: every message up to <see cref="ChatOptions.MaxRecoveredMessages"/>, or, with
    /// <paramref name="pageSize"/> (1–1000), the first page of them and how many remain.
    /// </summary>
    /// <remarks>
    /// With <paramref name="afterRev"/>, also returns every change of the room after that rev up to the join's rev
    /// (<see cref="JoinResult.Changes"/>), each with its message as it is now.
    /// </remarks>
    Task<ChatResult<JoinResult>> JoinAsync(
        string user, string? room, long? afterSeq = null, int? pageSize = null, long? afterRev = null,
        CancellationToken cancellationToken = default);

    /// <summary>Ends the user's membership of a room (never of <c>general</c>).</summary>
    Task<ChatResult> LeaveAsync(string user, string? room, CancellationToken cancellationToken = default);

    /// <summary>A page of a conversation's history before <paramref name="beforeSeq"/>, oldest first.</summary>
    Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAsync(
        string user, ChatTarget target, long? beforeSeq = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>A page of a conversation's history after <paramref name="afterSeq"/>, oldest first: paging forwards.</summary>
    Task<ChatResult<IReadOnlyList<ChatMessage>>> GetHistoryAfterAsync(
        string user, ChatTarget target, long afterSeq, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Tells the others in the conversation that <paramref name="user"/> is typing. Never stored.</summary>
    Task<ChatResult> TypingAsync(string user, ChatTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a conversation read up to <paramref name="seq"/> (clamped to its latest message). Markers only move
    /// forward: a lower seq changes nothing. When the marker moves, every connection of the user is told
    /// (<see cref="ReadMarkerChanged"/>). Returns the marker as it now stands.
    /// </summary>
    Task<ChatResult<long>> MarkReadAsync(string user, ChatTarget target, long seq, CancellationToken cancellationToken = default);

    /// <summary>The rooms the user belongs to, <c>general</c> first.</summary>
    Task<IReadOnlyList<string>> GetRoomsAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Every room that has members, to browse and join.</summary>
    Task<IReadOnlyList<string>> GetAllRoomsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every registered user, as registered.</summary>
    Task<IReadOnlyList<string>> GetPeopleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The room directory: rooms whose name contains <paramref name="search"/> (all when empty) with their member
    /// counts, <c>general</c> first, then the most members first; at most <paramref name="limit"/> (1–100).
    /// </summary>
    Task<IReadOnlyList<RoomSummary>> GetRoomDirectoryAsync(string? search = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// Who is in a room <paramref name="user"/> belongs to: at most <paramref name="limit"/> (1–200) members, online
    /// first, and how many there are in all. A big room lists the online among its first members by name.
    /// </summary>
    Task<ChatResult<RoomMembers>> GetRoomMembersAsync(string user, string room, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registered users whose name contains <paramref name="search"/>, names that start with it first; at most
    /// <paramref name="limit"/> (1–50). Finds anyone without listing everyone.
    /// </summary>
    Task<IReadOnlyList<string>> SearchPeopleAsync(string search, int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>
    /// The people <paramref name="user"/> has direct conversations with (read, or with messages to them), at most 200,
    /// by name: with who is online, the people a people list shows first.
    /// </summary>
    Task<IReadOnlyList<string>> GetDirectPeersAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>The users with at least one open circuit or socket.</summary>
    IReadOnlyList<string> OnlineUsers { get; }

    /// <summary>
    /// Ends a sign-in session on every node: each raises <see cref="SessionEnded"/>, and whoever tracks the connections
    /// opened with that session ends them.
    /// </summary>
    void EndSession(string sessionId);

    /// <summary>A sign-in session ended, on this node or another.</summary>
    event Action<string>? SessionEnded;
}
