using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorChat.Web.Components.Pages;

// The conversation side of the chat page: history, rooms, notifications.
public sealed partial class Chat
{
    private async Task LoadHistoryAsync()
    {
        var target = _state!.Current!;
        var version = ++_historyVersion;
        _loadingHistory = true;
        try
        {
            var result = await ChatService.GetHistoryAsync(_me, target, null, PageSize);
            if (version != _historyVersion)
            {
                return; // another conversation was opened meanwhile
            }

            _conversationError = result.Error;
            if (result.IsSuccess)
            {
                _state.Merge(result.Value!);
                _ = MarkReadAsync();
            }
        }
        finally
        {
            if (version == _historyVersion)
            {
                _loadingHistory = false;
            }
        }
    }

    private async Task LoadOlderAsync()
    {
        if (_state?.OldestSeq is not { } oldest)
        {
            return;
        }

        var result = await ChatService.GetHistoryAsync(_me, _state.Current!, oldest, PageSize);
        if (result.IsSuccess)
        {
            _state.Merge(result.Value!);
        }
        else
        {
            _conversationError = result.Error;
        }
    }

    private void OnSent(ChatMessage message) => _state?.Merge([message]);

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
            while (!_disposed && _state?.Current is { } target && _state.PendingRead() is { } seq)
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
