using BlazorChat.Domain.Events;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// What each live event does on the chat page: it changes the <see cref="ChatViewState"/>, and then perhaps a toast
/// for a direct message elsewhere, an announcement for one the reader cannot see, leaving a room that was left, the
/// typing checks, a render, and marking what is now seen read. Owned by the chat page, used on its dispatcher only.
/// </summary>
internal sealed class LiveEvents(
    ChatViewState state, TimeProvider time, ConversationReadMarking reads, TypingExpiry typing,
    ISnackbar snackbar, NavigationManager navigation, IChatPage page)
{
    public void Apply(ChatEvent chatEvent)
    {
        var outcome = state.Apply(chatEvent, time.GetUtcNow());
        if (outcome.Notify is { } message)
        {
            DirectMessageToast.Show(snackbar, navigation, message, state.Me);
        }

        if (chatEvent is MessagePosted posted && state.WorthAnnouncing(posted.Message, away: page.Away))
        {
            _ = page.AnnounceAsync(posted.Message);
        }

        if (outcome.LeftCurrentRoom)
        {
            navigation.NavigateTo("./");
        }

        if (chatEvent is UserTyping)
        {
            typing.Watch();
        }

        if (outcome.Changed)
        {
            page.Render();
        }

        if (chatEvent is MessagePosted)
        {
            _ = reads.MarkAsync();
        }
    }
}
