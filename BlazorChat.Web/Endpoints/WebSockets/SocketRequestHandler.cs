using BlazorChat.Domain;
using static BlazorChat.Web.Endpoints.WebSockets.SocketReplies;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Turns one request into one call of <see cref="IChatRoomService"/> and its one reply frame: dispatches it by type to
/// the requests of its kind, and answers a bad request or a server fault without ending the socket.
/// </summary>
internal sealed partial class SocketRequestHandler(string user, IChatRoomService chat, FrameBudget budget, ILogger logger)
{
    private readonly ConversationRequests _conversations = new(user, chat, budget);
    private readonly RoomMembershipRequests _rooms = new(user, chat, budget);
    private readonly MessageChangeRequests _changes = new(user, chat, budget);

    public async Task<SocketReply> HandleAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        if (request.Problem is { } problem)
        {
            return Fail(request, problem.ToError());
        }

        try
        {
            return request.Type switch
            {
                "send" => await _conversations.SendAsync(request, cancellationToken),
                "join" => await _rooms.JoinAsync(request, cancellationToken),
                "leave" => await _rooms.LeaveAsync(request, cancellationToken),
                "history" => await _conversations.HistoryAsync(request, cancellationToken),
                "typing" => Reply(request, await chat.TypingAsync(user, request.Target("to"), cancellationToken)),
                "read" => await _conversations.ReadAsync(request, cancellationToken),
                "ping" => new SocketReply(ReplyFrames.Reply(request.Id, type: "pong")),
                "edit" => await _changes.EditAsync(request, cancellationToken),
                "delete" => await _changes.DeleteAsync(request, cancellationToken),
                "react" => await _changes.ReactAsync(request, cancellationToken),
                "thread" => await _changes.ThreadAsync(request, cancellationToken),
                null => Fail(request, new ChatError(ChatErrorCodes.BadRequest, "Every frame needs a string 'type'.")),
                _ => Fail(request, new ChatError(ChatErrorCodes.UnknownType, $"Unknown request type '{Shorten(request.Type)}'.")),
            };
        }
        catch (ProtocolException ex)
        {
            return Fail(request, ex.ToError());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A server fault answers this request only; the socket and everyone else are still served.
            LogFault(logger, ex, request.Type, user);
            return Fail(request, new ChatError(ChatErrorCodes.Internal, "The server could not handle that request; try again."));
        }
    }

    /// <summary>A client's string as quoted back in an error message: short, so a reply stays small.</summary>
    private static string Shorten(string value) =>
        value.Length <= 64 ? value : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[63]) ? 63 : 64), "…");

    [LoggerMessage(110, LogLevel.Error, "The {Type} request of {User} failed")]
    private static partial void LogFault(ILogger logger, Exception exception, string? type, string user);
}
