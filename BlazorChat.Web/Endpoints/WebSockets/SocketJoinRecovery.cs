using System.Net.WebSockets;
using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Joining with <c>afterSeq</c> on one socket: the room's live frames wait (in <see cref="HeldRooms"/>) while the join's
/// reply and any further recovered pages are written, then go out — except those the join already covered.
/// </summary>
internal sealed class SocketJoinRecovery(
    string user, IChatRoomService chat, bool v2Events, HeldRooms held, SocketOutput output, ILogger logger)
{
    private const int HistoryPageLimit = 100;

    /// <summary>
    /// For a join, holds its room's live frames from now on and returns the room; null for any other request, or a
    /// join the handler will refuse.
    /// </summary>
    public string? HoldWhileJoining(ProtocolRequest request)
    {
        var joining = request.Type == "join" ? JoiningRoom(request) : null;
        if (joining is not null)
        {
            held.Hold(joining);
        }

        return joining;
    }

    private static string? JoiningRoom(ProtocolRequest request)
    {
        if (request.Problem is not null)
        {
            return null;
        }

        try
        {
            return request.OptionalString("room");
        }
        catch (ProtocolException)
        {
            return null; // the handler answers it
        }
    }

    /// <summary>
    /// Sends the recovered messages a join's reply had no room for, page by page, as message events. When they cannot
    /// all be read, the socket is closed with 1011 — the client rejoins with <c>afterSeq</c> — rather than leave a gap.
    /// </summary>
    public async Task<bool> TrySendRecoveryAsync(Recovery recovery)
    {
        var after = recovery.AfterSeq;
        try
        {
            while (after < recovery.ThroughSeq && !output.CloseRequested)
            {
                var page = await chat.GetHistoryAfterAsync(
                    user, ChatTarget.ToRoom(recovery.Room), after, (int)Math.Min(HistoryPageLimit, Math.Min(recovery.PageSize, recovery.ThroughSeq - after)),
                    output.Aborted);
                if (page.Value is not { Count: > 0 } messages || messages[0].Seq != after + 1)
                {
                    throw new InvalidOperationException($"Recovery of {recovery.Room} stopped after seq {after}: {page.Error?.Message ?? "a gap"}.");
                }

                foreach (var message in messages.Where(m => m.Seq <= recovery.ThroughSeq))
                {
                    await output.SendAsync(v2Events ? EventFrames.MessageFrame(message) : EventFrames.V1MessageFrame(message));
                }

                after = messages[^1].Seq;
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
        {
            SocketLog.RecoveryFailed(logger, ex, user, recovery.Room);
            output.RequestClose(WebSocketCloseStatus.InternalServerError, "Recovery failed; reconnect and join again with afterSeq.");
            return false;
        }
    }

    /// <summary>
    /// Sends the live changes held while <paramref name="room"/> was joined, except those the join already
    /// covered (<paramref name="covered"/>), then lets live changes through again.
    /// </summary>
    public async Task ReleaseAsync(string room, Coverage covered)
    {
        if (covered.PostsThroughRev != long.MaxValue)
        {
            held.Covered(room, covered);
        }

        while (held.TakeOrRelease(room) is { } frames)
        {
            foreach (var (rev, isPost, frame) in frames)
            {
                if (rev > (isPost ? covered.PostsThroughRev : covered.ChangesThroughRev) && held.ShouldSend(room, rev, isPost))
                {
                    await output.SendAsync(frame);
                }
            }
        }
    }
}
