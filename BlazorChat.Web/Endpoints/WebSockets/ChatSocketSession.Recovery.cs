using System.Net.WebSockets;
using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Endpoints.WebSockets;

// Joining with afterSeq: the room's live messages wait while the reply and any further recovered pages are written.
internal sealed partial class ChatSocketSession
{
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
    private async Task<bool> TrySendRecoveryAsync(Recovery recovery)
    {
        var after = recovery.AfterSeq;
        try
        {
            while (after < recovery.ThroughSeq && Volatile.Read(ref _closeRequested) == 0)
            {
                var page = await _chat.GetHistoryAfterAsync(
                    _user, ChatTarget.ToRoom(recovery.Room), after, (int)Math.Min(HistoryPageLimit, Math.Min(recovery.PageSize, recovery.ThroughSeq - after)),
                    _aborted.Token);
                if (page.Value is not { Count: > 0 } messages || messages[0].Seq != after + 1)
                {
                    throw new InvalidOperationException($"Recovery of {recovery.Room} stopped after seq {after}: {page.Error?.Message ?? "a gap"}.");
                }

                foreach (var message in messages.Where(m => m.Seq <= recovery.ThroughSeq))
                {
                    await SendAsync(_v2Events ? ProtocolWriter.MessageFrame(message) : ProtocolWriter.V1MessageFrame(message));
                }

                after = messages[^1].Seq;
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
        {
            Log.RecoveryFailed(_logger, ex, _user, recovery.Room);
            RequestClose(WebSocketCloseStatus.InternalServerError, "Recovery failed; reconnect and join again with afterSeq.");
            return false;
        }
    }

    /// <summary>
    /// Sends the live changes held while <paramref name="room"/> was joined, except those the join already
    /// covered (<paramref name="covered"/>), then lets live changes through again.
    /// </summary>
    private async Task ReleaseAsync(string room, Coverage covered)
    {
        if (covered.PostsThroughRev != long.MaxValue)
        {
            _held.Covered(room, covered);
        }

        while (_held.TakeOrRelease(room) is { } held)
        {
            foreach (var (rev, isPost, frame) in held)
            {
                if (rev > (isPost ? covered.PostsThroughRev : covered.ChangesThroughRev) && _held.ShouldSend(room, rev, isPost))
                {
                    await SendAsync(frame);
                }
            }
        }
    }

    private bool TryHold(string room, long rev, bool isPost, byte[] frame)
    {
        if (!_held.TryHold(room, rev, isPost, frame, out var overflowed))
        {
            return false;
        }

        if (overflowed)
        {
            RequestClose(SocketCloseCodes.SlowReader, "You read too slowly; reconnect and join with afterSeq to catch up.");
        }

        return true;
    }
}
