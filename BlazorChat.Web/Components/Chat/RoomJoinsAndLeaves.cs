using BlazorChat.Domain;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Joining the open room from its "not a member" notice, and leaving a room from the drawer (the conversation moves
/// to <c>general</c> when it was the open one). Owned by the chat page, used on its dispatcher only.
/// </summary>
internal sealed class RoomJoinsAndLeaves(
    IChatRoomService chatService, ChatViewState state, ConversationHistory history, ISnackbar snackbar, NavigationManager navigation)
{
    /// <summary>Joins the open room, then shows it.</summary>
    public async Task JoinAsync(string room)
    {
        var result = await chatService.JoinAsync(state.Me, room);
        history.Error = result.Error;
        if (result.IsSuccess)
        {
            await history.LoadAsync();
        }
    }

    public async Task LeaveAsync(string room)
    {
        var result = await chatService.LeaveAsync(state.Me, room);
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        if (state.Current?.Room == room)
        {
            navigation.NavigateTo("./");
        }
    }
}
