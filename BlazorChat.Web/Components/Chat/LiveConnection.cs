using System.Security.Claims;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Web.Accounts;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The tab's single live connection, tied to this browser's sign-in session (signing out ends it), and why it ended.
/// Owned by the chat page, disposed with it: the user goes offline with their last tab.
/// </summary>
internal sealed class LiveConnection(IChatRoomService chatService, SignInSessions sessions, string me, ClaimsPrincipal? principal)
    : IDisposable
{
    private ChatConnection? _connection;
    private IDisposable? _sessionTracking;
    private bool _disposed;

    /// <summary>Whether events arrive.</summary>
    public bool IsOpen => _connection is not null;

    /// <summary>Why the last connection ended, or null while one is open or being opened.</summary>
    public ConnectionEndReason? Ended { get; private set; }

    /// <summary>Opens a connection that delivers to <paramref name="deliver"/>; false when this was disposed meanwhile.</summary>
    public async Task<bool> OpenAsync(Func<ChatEvent, CancellationToken, ValueTask> deliver, Action<ConnectionEndReason> onEnded)
    {
        Ended = null;
        var connection = await chatService.ConnectAsync(me, deliver, onEnded);
        if (_disposed)
        {
            connection.Dispose();
            return false;
        }

        _connection = connection;
        _sessionTracking?.Dispose();
        _sessionTracking = sessions.Track(principal, connection);
        return true;
    }

    /// <summary>The service ended the connection.</summary>
    public void Lost(ConnectionEndReason reason)
    {
        Ended = reason;
        _connection = null;
    }

    /// <summary>Closes the connection before a new one is opened.</summary>
    public void Close()
    {
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        _disposed = true;
        Close();
        _sessionTracking?.Dispose();
        _sessionTracking = null;
    }
}
