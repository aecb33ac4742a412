namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// A browser sign-in session that was signed out: its cookie, or any copy of it, is refused until
/// <see cref="ExpiresAt"/>, when the cookie could no longer be presented anyway.
/// </summary>
public sealed class EndedSession
{
    public required string SessionId { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
