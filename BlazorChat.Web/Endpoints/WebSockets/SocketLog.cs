namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>The log messages of a <c>/ws</c> socket's session and its collaborators, with their stable event ids.</summary>
internal static partial class SocketLog
{
    [LoggerMessage(100, LogLevel.Debug, "Socket of {User} dropped: {Reason}")]
    public static partial void SocketDropped(ILogger logger, string user, string reason);

    [LoggerMessage(101, LogLevel.Warning, "Socket of {User} read too slowly; closing with 4008")]
    public static partial void SlowReader(ILogger logger, string user);

    [LoggerMessage(104, LogLevel.Error, "Recovery of {Room} for {User} failed; closing with 1011")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, string user, string room);

    [LoggerMessage(105, LogLevel.Error, "A frame from {User} could not be handled")]
    public static partial void FrameFault(ILogger logger, Exception exception, string user);

    [LoggerMessage(102, LogLevel.Warning, "Socket of {User} kept exceeding the rate limit; closing with 4029")]
    public static partial void Abuse(ILogger logger, string user);
}
