namespace BlazorChat.Web;

/// <summary>Settings of the web front ends, bound from the <c>Chat</c> configuration section.</summary>
public sealed class ChatWebOptions
{
    /// <summary>The largest WebSocket message the server accepts, in bytes; larger ones close the socket with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 65536;

    /// <summary>
    /// The largest frame the server sends, in bytes (<c>hello.limits.maxServerFrameBytes</c>): a reply with more messages
    /// than fit carries fewer (and says so), and a hello with more unread conversations or people online than fit is cut.
    /// </summary>
    public int MaxServerFrameBytes { get; set; } = 1024 * 1024;

    /// <summary><c>Open</c> (anyone may register) or <c>Closed</c>.</summary>
    public RegistrationMode Registration { get; set; } = RegistrationMode.Open;

    /// <summary>Other origins whose pages may open <c>/ws</c> with the sign-in cookie.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>How long an access token from <c>POST /api/auth/token</c> is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often an open socket re-checks that its user's credential was not revoked.</summary>
    public TimeSpan CredentialRevalidationInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a node reads from the database the sign-in sessions other nodes ended, for a sign-out whose notice did
    /// not reach it (the backplane was down): the longest such a session's tabs and sockets stay open here.
    /// </summary>
    public TimeSpan EndedSessionsRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the server pings an idle WebSocket.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for a pong before dropping the WebSocket.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per second one socket may make, sustained (bursts of twice that are fine).</summary>
    public double SocketRequestsPerSecond { get; set; } = 20;

    /// <summary>How many refused (rate-limited) requests within ten seconds close a socket with 4029.</summary>
    public int AbuseThreshold { get; set; } = 100;

    /// <summary>Where the default SQLite database and the data-protection keys live, relative to the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";
}

/// <summary>Whether new accounts may be created.</summary>
public enum RegistrationMode
{
    /// <summary>Anyone may register.</summary>
    Open,

    /// <summary>Registration is refused with 403.</summary>
    Closed,
}
