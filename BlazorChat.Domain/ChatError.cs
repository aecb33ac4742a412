namespace BlazorChat.Domain;

/// <summary>Why a request was refused. <see cref="Code"/> is one of <see cref="ChatErrorCodes"/>.</summary>
public sealed record ChatError(string Code, string Message, TimeSpan? RetryAfter = null);

/// <summary>The error codes of the protocol contract.</summary>
public static class ChatErrorCodes
{
    /// <summary>A frame that is not JSON.</summary>
    public const string BadJson = "bad_json";
    /// <summary>A field missing or invalid.</summary>
    public const string BadRequest = "bad_request";
    /// <summary>A request type the server does not know.</summary>
    public const string UnknownType = "unknown_type";
    /// <summary>Text over the configured maximum.</summary>
    public const string TooLarge = "too_large";
    /// <summary>The user is not a member of the room.</summary>
    public const string NotAMember = "not_a_member";
    /// <summary>No user has that name.</summary>
    public const string NoSuchUser = "no_such_user";
    /// <summary>Too many requests; retry after the given delay.</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>No such message, or one the caller cannot read (the same answer, so nobody learns it exists).</summary>
    public const string NotFound = "not_found";
    /// <summary>The user may not do that.</summary>
    public const string Forbidden = "forbidden";
    /// <summary>A server fault.</summary>
    public const string Internal = "internal";
}
