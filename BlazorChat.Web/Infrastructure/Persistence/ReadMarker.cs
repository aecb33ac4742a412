namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// A user's read marker of one conversation: every message up to <see cref="LastReadSeq"/> is read.
/// <see cref="UserKey"/> is the lower-cased user name; (UserKey, Conversation) is the key.
/// </summary>
public sealed class ReadMarker
{
    public required string UserKey { get; init; }

    public required string Conversation { get; init; }

    public long LastReadSeq { get; set; }
}
