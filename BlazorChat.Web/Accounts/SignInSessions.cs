using System.Collections.Concurrent;
using System.Security.Claims;
using BlazorChat.Domain.Connections;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// Browser sign-in sessions. Each sign-in cookie carries a session id; signing out ends that session: its
/// cookie is refused from then on (even a copy of it), and every circuit and cookie-authenticated socket
/// opened with it stops receiving messages. Other sessions of the same user (another browser, a bot's token)
/// are not affected.
/// </summary>
internal sealed class SignInSessions
{
    public const string ClaimType = "blazorchat:sid";

    // Ended sessions are remembered for as long as a cookie could still be presented.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ChatConnection, byte>> _connections = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _remember;

    public SignInSessions(TimeProvider time, TimeSpan remember)
    {
        _time = time;
        _remember = remember;
    }

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
    public IDisposable Track(ClaimsPrincipal? user, ChatConnection connection)
    {
        if (SessionOf(user) is not { } sid)
        {
            return NoSession.Instance;
        }

        if (_ended.ContainsKey(sid))
        {
            connection.Revoke();
            return NoSession.Instance;
        }

        _connections.GetOrAdd(sid, _ => new()).TryAdd(connection, 0);
        return new Tracking(this, sid, connection);
    }

    /// <summary>Ends the session of <paramref name="user"/> and every connection opened with it.</summary>
    public void End(ClaimsPrincipal? user)
    {
        if (SessionOf(user) is not { } sid)
        {
            return;
        }

        var now = _time.GetUtcNow();
        _ended[sid] = now + _remember;
        foreach (var (key, expires) in _ended)
        {
            if (expires < now)
            {
                _ended.TryRemove(key, out _);
            }
        }

        if (_connections.TryRemove(sid, out var connections))
        {
            foreach (var connection in connections.Keys)
            {
                connection.Revoke();
            }
        }
    }

    private sealed class Tracking(SignInSessions sessions, string sid, ChatConnection connection) : IDisposable
    {
        public void Dispose()
        {
            if (sessions._connections.TryGetValue(sid, out var connections))
            {
                connections.TryRemove(connection, out _);
            }
        }
    }

    private sealed class NoSession : IDisposable
    {
        public static readonly NoSession Instance = new();

        public void Dispose()
        {
        }
    }
}
