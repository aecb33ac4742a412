using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The open conversation's history as the chat page loads it: the first page (the newest, or around where the reader
/// was), older and newer pages as they scroll, what was missed over a reconnect, and whether the conversation can be
/// read at all (<see cref="Error"/>). An answer for a conversation no longer open is dropped. Owned by the chat page,
/// used on its dispatcher only.
/// </summary>
internal sealed class ConversationHistory(IChatRoomService chatService, ChatViewState state, ConversationReadMarking reads, ISnackbar snackbar)
{
    private int _version; // bumped by each first page asked for, so a late answer for another conversation is dropped

    /// <summary>True until the first page arrives (prerendering shows a spinner, not "no messages").</summary>
    public bool Loading { get; private set; } = true;

    /// <summary>Why the open conversation cannot be read or written (not a member, gone), or null.</summary>
    public ChatError? Error { get; set; }

    /// <summary>Where the message list should scroll next; it applies each new one once.</summary>
    public ScrollRequest? ScrollTo { get; set; }

    private string Me => state.Me;

    /// <summary>
    /// Opens the conversation at its newest messages, or around the message the reader had in view before this
    /// circuit (a reload, a restart, a long network drop), so they read on where they were.
    /// </summary>
    public async Task LoadAsync(ScrollRequest? restore = null)
    {
        var target = state.Current!;
        var version = ++_version;
        Loading = true;
        try
        {
            ChatResult<IReadOnlyList<ChatMessage>> result;
            ChatResult<IReadOnlyList<ChatMessage>>? after = null;
            if (restore?.Seq is { } seq)
            {
                result = await chatService.GetHistoryAsync(Me, target, seq + 1, MessageWindow.PageSize);
                after = await chatService.GetHistoryAfterAsync(Me, target, seq, MessageWindow.PageSize);
            }
            else
            {
                result = await chatService.GetHistoryAsync(Me, target, null, MessageWindow.PageSize);
            }

            if (version != _version)
            {
                return; // another conversation was opened meanwhile
            }

            Error = result.Error ?? after?.Error;
            if (Error is not null)
            {
                ScrollTo = ScrollRequest.Bottom(); // and a remembered position is not kept waiting
                return;
            }

            if (after?.Value is { } newer)
            {
                state.Window.ShowAround(result.Value!, newer);
                ScrollTo = restore;
            }
            else
            {
                state.Window.ShowNewest(result.Value!);
                ScrollTo = ScrollRequest.Bottom();
            }

            _ = reads.MarkAsync();
        }
        finally
        {
            if (version == _version)
            {
                Loading = false;
            }
        }
    }

    /// <summary>
    /// The live connection was replaced (after a drop) within this circuit: what was published meanwhile is fetched
    /// so nothing is missing, without moving a reader who is reading further up.
    /// </summary>
    public async Task CatchUpAsync()
    {
        var window = state.Window;
        if (window.Following || window.LastSeq is null)
        {
            await LoadAsync();
        }
        else if (window.AtNewest)
        {
            await LoadNewerAsync();
        }
    }

    public Task LoadOlderAsync() => LoadPageAsync(older: true);

    public Task LoadNewerAsync() => LoadPageAsync(older: false);

    /// <summary>A message I sent here: shown among the newest, which the list follows again.</summary>
    public async Task SentAsync(ChatMessage message)
    {
        if (state.Window.AtNewest)
        {
            state.Merge([message]);
            state.Window.Following = true;
            ScrollTo = ScrollRequest.Bottom();
        }
        else
        {
            await LoadAsync(); // written while reading far back: show it among the newest
        }
    }

    /// <summary>chat.js says whether the reader follows the newest (is scrolled to the bottom); then they are read.</summary>
    public void Following(bool following)
    {
        state.Window.Following = following;
        if (following)
        {
            _ = reads.MarkAsync();
        }
    }

    private async Task LoadPageAsync(bool older)
    {
        var window = state.Window;
        if ((older ? window.FirstSeq : window.LastSeq) is not { } edge)
        {
            return;
        }

        var version = _version;
        var result = older
            ? await chatService.GetHistoryAsync(Me, state.Current!, edge, MessageWindow.PageSize)
            : await chatService.GetHistoryAfterAsync(Me, state.Current!, edge, MessageWindow.PageSize);
        if (version != _version)
        {
            return;
        }

        if (result.Value is not { } page)
        {
            if (result.Error!.Code == ChatErrorCodes.Internal)
            {
                // A passing fault: say so, and the next scroll (or button) asks again.
                snackbar.Add(result.Error.Message, Severity.Warning);
            }
            else
            {
                Error = result.Error;
            }
        }
        else if (older)
        {
            window.AddOlder(page); // false only when the window moved meanwhile: the next scroll asks again
        }
        else if (window.AddNewer(page))
        {
            _ = reads.MarkAsync();
        }
    }
}
