using BlazorChat.Domain;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Marks the open conversation read up to the newest message shown, when a message from someone else is beyond the
/// marker (<see cref="ChatViewState.PendingRead"/>) and the reader can see it. One call at a time: messages arriving
/// meanwhile are covered by the next round, so a busy room costs one marker write per round trip, not one per message.
/// Owned by the chat page, used on its dispatcher only.
/// </summary>
/// <param name="seen">Whether what the page shows is seen now (the page is live and in the foreground).</param>
internal sealed class ConversationReadMarking(IChatRoomService chatService, ChatViewState state, Func<bool> seen)
{
    private bool _marking; // at most one MarkReadAsync in flight per tab

    /// <summary>Marks what is pending; nobody needs to await it.</summary>
    public async Task MarkAsync()
    {
        if (_marking)
        {
            return;
        }

        _marking = true;
        try
        {
            while (seen() && state.Current is { } target && state.PendingRead() is { } seq)
            {
                var result = await chatService.MarkReadAsync(state.Me, target, seq);
                if (!result.IsSuccess || result.Value < seq)
                {
                    return; // e.g. the room was left meanwhile; the next message tries again
                }

                state.MarkedRead(target, result.Value);
            }
        }
        catch (Exception)
        {
            // Nobody awaits this: a marker that could not be stored is retried by the next message or visit, and
            // the counts stay until then. It is never worth ending the circuit for.
        }
        finally
        {
            _marking = false;
        }
    }
}
