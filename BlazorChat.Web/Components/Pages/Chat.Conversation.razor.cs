using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorChat.Web.Components.Pages;

// The conversation side of the chat page: history, rooms, notifications.
public sealed partial class Chat
{
    // Opens the conversation at its newest messages, or around the message the reader had in view before this
    // circuit (a reload, a restart, a long network drop), so they read on where they were.
    private async Task LoadHistoryAsync(ScrollRequest? restore = null)
    {
        var target = _state!.Current!;
        var version = ++_historyVersion;
        _loadingHistory = true;
        try
        {
            ChatResult<IReadOnlyList<ChatMessage>> result;
            ChatResult<IReadOnlyList<ChatMessage>>? after = null;
            if (restore?.Seq is { } seq)
            {
                result = await ChatService.GetHistoryAsync(_me, target, seq + 1, MessageWindow.PageSize);
                after = await ChatService.GetHistoryAfterAsync(_me, target, seq, MessageWindow.PageSize);
            }
            else
            {
                result = await ChatService.GetHistoryAsync(_me, target, null, MessageWindow.PageSize);
            }

            if (version != _historyVersion)
            {
                return; // another conversation was opened meanwhile
            }

            _conversationError = result.Error ?? after?.Error;
            if (_conversationError is not null)
            {
                _scrollTo = ScrollRequest.Bottom(); // and a remembered position is not kept waiting
                return;
            }

            if (after?.Value is { } newer)
            {
                _state.Window.ShowAround(result.Value!, newer);
                _scrollTo = restore;
            }
            else
            {
                _state.Window.ShowNewest(result.Value!);
                _scrollTo = ScrollRequest.Bottom();
            }

            _ = MarkReadAsync();
        }
        finally
        {
            if (version == _historyVersion)
            {
                _loadingHistory = false;
            }
        }
    }

    // The live connection was replaced (after a drop) within this circuit: what was published meanwhile is fetched
    // so nothing is missing, without moving a reader who is reading further up.
    private async Task CatchUpAsync()
    {
        var window = _state!.Window;
        if (window.Following || window.LastSeq is null)
        {
            await LoadHistoryAsync();
        }
        else if (window.AtNewest)
        {
            await LoadNewerAsync();
        }
    }

    private Task LoadOlderAsync() => LoadPageAsync(older: true);

    private Task LoadNewerAsync() => LoadPageAsync(older: false);

    private async Task LoadPageAsync(bool older)
    {
        var window = _state!.Window;
        if ((older ? window.FirstSeq : window.LastSeq) is not { } edge)
        {
            return;
        }

        var version = _historyVersion;
        var result = older
            ? await ChatService.GetHistoryAsync(_me, _state.Current!, edge, MessageWindow.PageSize)
            : await ChatService.GetHistoryAfterAsync(_me, _state.Current!, edge, MessageWindow.PageSize);
        if (version != _historyVersion)
        {
            return;
        }

        if (result.Value is not { } page)
        {
            if (result.Error!.Code == ChatErrorCodes.Internal)
            {
                // A passing fault: say so, and the next scroll (or button) asks again.
                Snackbar.Add(result.Error.Message, Severity.Warning);
            }
            else
            {
                _conversationError = result.Error;
            }
        }
        else if (older)
        {
            window.AddOlder(page); // false only when the window moved meanwhile: the next scroll asks again
        }
        else if (window.AddNewer(page))
        {
            _ = MarkReadAsync();
        }
    }

    private Task JumpToNewestAsync() => LoadHistoryAsync();

    private async Task OnSent(ChatMessage message)
    {
        if (_state is null)
        {
            return;
        }

        if (_state.Window.AtNewest)
        {
            _state.Merge([message]);
            _state.Window.Following = true;
            _scrollTo = ScrollRequest.Bottom();
        }
        else
        {
            await LoadHistoryAsync(); // written while reading far back: show it among the newest
        }
    }

    /// <summary>
    /// Marks the open conversation read up to the newest message shown, when a message from someone else is beyond
    /// the marker. One call at a time: messages arriving meanwhile are covered by the next round, so a busy room
    /// costs one marker write per round trip, not one per message.
    /// </summary>
    private async Task MarkReadAsync()
    {
        if (_markingRead)
        {
            return;
        }

        _markingRead = true;
        try
        {
            while (!_disposed && !_hidden && _state?.Current is { } target && _state.PendingRead() is { } seq)
            {
                var result = await ChatService.MarkReadAsync(_me, target, seq);
                if (!result.IsSuccess || result.Value < seq)
                {
                    return; // e.g. the room was left meanwhile; the next message tries again
                }

                _state.MarkedRead(target, result.Value);
            }
        }
        catch (Exception)
        {
            // Nobody awaits this: a marker that could not be stored is retried by the next message or visit, and
            // the counts stay until then. It is never worth ending the circuit for.
        }
        finally
        {
            _markingRead = false;
        }
    }

    private async Task JoinCurrentAsync(string room)
    {
        var result = await ChatService.JoinAsync(_me, room);
        _conversationError = result.Error;
        if (result.IsSuccess)
        {
            await LoadHistoryAsync();
        }
    }

    private async Task LeaveAsync(string room)
    {
        var result = await ChatService.LeaveAsync(_me, room);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        if (_state?.Current?.Room == room)
        {
            Navigation.NavigateTo("./");
        }
    }

    // Below the drawer's breakpoint it overlays the conversation, so choosing one should reveal it.
    private async Task CloseDrawerIfOverlayAsync()
    {
        try
        {
            if (_drawerOpen && await JS.InvokeAsync<bool>("blazorChat.isNarrow"))
            {
                _drawerOpen = false;
            }
        }
        catch (JSException)
        {
        }
    }

    private void OnFollowingChanged(bool following)
    {
        _state!.Window.Following = following;
        if (following)
        {
            _ = MarkReadAsync(); // scrolled down to the newest: they are read now
        }
    }

    private async Task WatchVisibilityAsync()
    {
        try
        {
            _self ??= DotNetObjectReference.Create(this);
            _hidden = await JS.InvokeAsync<bool>("blazorChat.watchVisibility", _self);
        }
        catch (JSException)
        {
        }
    }

    private async Task DetectTimeZoneAsync()
    {
        try
        {
            var id = await JS.InvokeAsync<string?>("blazorChat.timeZone");
            if (!string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                _timeZone = zone;
                StateHasChanged();
            }
        }
        catch (JSException)
        {
        }
    }

    private void Notify(ChatMessage message)
    {
        var peer = message.PeerOf(_me)!;
        var preview = message.Text.Length > 80 ? message.Text[..80] + "…" : message.Text;
        // A RenderFragment, so the text is rendered as text whatever the snackbar does with strings.
        Snackbar.Add(
            builder => builder.AddContent(0, $"{message.From}: {preview}"),
            Severity.Info,
            options =>
            {
                options.Action = "Open";
                options.RequireInteraction = false;
                options.OnClick = _ =>
                {
                    Navigation.NavigateTo($"dm/{Uri.EscapeDataString(peer)}");
                    return Task.CompletedTask;
                };
            },
            key: $"dm:{message.MessageId}");
    }
}
