using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain;

// Changing messages (edits, deletes, reactions) and reading threads: see MessageChanges.
public sealed partial class ChatRoomService
{
    /// <inheritdoc />
    public Task<ChatResult<ChatChange>> EditAsync(string user, string? messageId, string? text, CancellationToken cancellationToken = default) =>
        _changes.EditAsync(user, messageId, text, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatChange>> DeleteAsync(string user, string? messageId, CancellationToken cancellationToken = default) =>
        _changes.DeleteAsync(user, messageId, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ChatChange?>> ReactAsync(
        string user, string? messageId, string? emoji, bool on, CancellationToken cancellationToken = default) =>
        _changes.ReactAsync(user, messageId, emoji, on, cancellationToken);

    /// <inheritdoc />
    public Task<ChatResult<ThreadResult>> GetThreadAsync(
        string user, string? messageId, long? afterSeq = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _changes.GetThreadAsync(user, messageId, afterSeq, limit, cancellationToken);
}
