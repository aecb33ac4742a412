using System.Collections.Concurrent;
using System.Security.Claims;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Browser sign-in sessions. Each sign-in cookie carries a session id; signing out ends that session: its
/// cookie is refused from then on (even a copy of it), and every circuit and cookie-authenticated socket
/// opened with it stops receiving messages. Other sessions of the same user (another browser, a bot's token)
/// are not affected. Ended sessions are stored, so a restart does not bring a signed-out cookie back to life.
/// </summary>
internal sealed partial class SignInSessions
{
    public const string ClaimType = "blazorchat:sid";

    // Ended sessions are remembered for as long as a cookie could still be presented.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ChatConnection, byte>> _connections = new(StringComparer.Ordinal);
    private readonly Lock _tracking = new(); // guards adding to and removing from _connections
    private readonly TimeProvider _time;
    private readonly TimeSpan _remember;
    private readonly IDbContextFactory<ChatDbContext>? _contexts;
    private readonly ILogger? _logger;
    private readonly IChatRoomService? _chat;

    /// <param name="time">The clock.</param>
    /// <param name="remember">How long an ended session is refused: as long as its cookie could be presented.</param>
    /// <param name="contexts">Where ended sessions are stored; null keeps them in memory only.</param>
    /// <param name="logger">Where a failure to store one is reported.</param>
    /// <param name="chat">The chat, whose nodes tell each other of ended sessions; null for this process alone.</param>
    public SignInSessions(
        TimeProvider time, TimeSpan remember, IDbContextFactory<ChatDbContext>? contexts = null, ILogger<SignInSessions>? logger = null,
        IChatRoomService? chat = null)
    {
        _time = time;
        _remember = remember;
        _contexts = contexts;
        _logger = logger;
        _chat = chat;
        if (chat is not null)
        {
            chat.SessionEnded += sid => End(sid);
        }
    }

    /// <summary>Loads the stored ended sessions that still matter and forgets the others; once, at start-up.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_contexts is null)
        {
            return;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var stored = await db.EndedSessions.AsNoTracking().ToListAsync(cancellationToken); // compared here: SQLite can't
        foreach (var session in stored.Where(s => s.ExpiresAt >= now))
        {
            _ended[session.SessionId] = session.ExpiresAt;
        }

        var expired = stored.Where(s => s.ExpiresAt < now).Select(s => s.SessionId).ToList();
        if (expired.Count > 0)
        {
            await db.EndedSessions.Where(s => expired.Contains(s.SessionId)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Ends here what another node ended while its notice could not reach this one (the backplane was down): the
    /// database is the backstop. Called periodically; a failing database is tried again next time.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_contexts is null)
        {
            return;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.EndedSessions.AsNoTracking().ToListAsync(cancellationToken);
        var now = _time.GetUtcNow();
        foreach (var session in stored.Where(s => s.ExpiresAt >= now && !_ended.ContainsKey(s.SessionId)))
        {
            End(session.SessionId, session.ExpiresAt);
        }
    }

    /// <summary>How many sessions have a tab or socket tracked right now (for tests).</summary>
    internal int TrackedSessions => _connections.Count;

    public static string? SessionOf(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimType);

    public static void StartSession(ClaimsPrincipal user)
    {
        if (SessionOf(user) is null && user.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(ClaimType, Guid.NewGuid().ToString("N")));
        }
    }

    public bool HasEnded(ClaimsPrincipal? user) => SessionOf(user) is { } sid && _ended.ContainsKey(sid);

    /// <summary>Ties a connection to the session of <paramref name="user"/> until the returned handle is disposed.</summary>
    public IDisposable Track(ClaimsPrincipal? user, ChatConnection connection) => Track(SessionOf(user), connection);

    /// <summary>Ties a connection to the session <paramref name="sid"/> (none when null) until the returned handle is disposed.</summary>
    public IDisposable Track(string? sid, ChatConnection connection)
    {
        if (sid is null)
        {
            return NoSession.Instance;
        }

        lock (_tracking)
        {
            // Under the lock End takes to collect a session's connections: either this sees the end, or End sees this.
            if (!_ended.ContainsKey(sid))
            {
                _connections.GetOrAdd(sid, _ => new()).TryAdd(connection, 0);
                return new Tracking(this, sid, connection);
            }
        }

        connection.Revoke();
        return NoSession.Instance;
    }

    /// <summary>Ends the session of <paramref name="user"/> and every connection opened with it, and stores that it ended.</summary>
    /// <remarks>Never throws for the store: the session has ended in this process whatever the database says.</remarks>
    public async Task EndAsync(ClaimsPrincipal? user)
    {
        if (SessionOf(user) is not { } sid)
        {
            return;
        }

        var expiresAt = End(sid);
        _chat?.EndSession(sid); // the other nodes end theirs
        if (_contexts is null)
        {
            return;
        }

        try
        {
            // Not cancelled with the request: a browser that gives up waiting has still signed out.
            await using var db = await _contexts.CreateDbContextAsync(CancellationToken.None);
            if (!await db.EndedSessions.AnyAsync(s => s.SessionId == sid))
            {
                db.EndedSessions.Add(new EndedSession { SessionId = sid, ExpiresAt = expiresAt });
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The database is failing: the session has ended in this process all the same, and the sign-out must
            // still complete; only a restart before it is stored would forget it.
            Log.NotStored(_logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, ex, sid);
        }
    }

    private DateTimeOffset End(string sid, DateTimeOffset? until = null)
    {
        var now = _time.GetUtcNow();
        var expiresAt = until ?? now + _remember;
        _ended[sid] = expiresAt;
        foreach (var (key, expires) in _ended)
        {
            if (expires < now)
            {
                _ended.TryRemove(key, out _);
            }
        }

        ConcurrentDictionary<ChatConnection, byte>? connections;
        lock (_tracking)
        {
            _connections.TryRemove(sid, out connections);
        }

        if (connections is not null)
        {
            foreach (var connection in connections.Keys)
            {
                connection.Revoke();
            }
        }

        return expiresAt;
    }

    private sealed class Tracking(SignInSessions sessions, string sid, ChatConnection connection) : IDisposable
    {
        public void Dispose()
        {
            lock (sessions._tracking)
            {
                // A session whose tabs and sockets are all gone is forgotten, or every sign-in would stay in memory.
                if (sessions._connections.TryGetValue(sid, out var connections) && connections.TryRemove(connection, out _) && connections.IsEmpty)
                {
                    sessions._connections.TryRemove(sid, out _);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "Could not store the end of sign-in session {SessionId}")]
        public static partial void NotStored(ILogger logger, Exception exception, string sessionId);
    }

    private sealed class NoSession : IDisposable
    {
        public static readonly NoSession Instance = new();

        public void Dispose()
        {
        }
    }
}
