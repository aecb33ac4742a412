using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The open conversation's messages. It keeps the newest message in view while the reader is at the bottom and
/// otherwise offers a "New messages ↓" hint; the browser side (<c>blazorChat</c> in chat.js) reports whether the
/// reader is at the bottom through <see cref="SetPinned"/>.
/// </summary>
public sealed partial class MessageList : IAsyncDisposable
{
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(5);

    private ElementReference _list;
    private DotNetObjectReference<MessageList>? _self;
    private bool _pinned = true;
    private bool _showHint;
    private bool _loadingOlder;

    // What the last render showed, to tell an opened conversation, appended and prepended messages apart.
    private string? _shownKey;
    private long _shownFirst;
    private long _shownLast;
    private ScrollAction _pending;

    private enum ScrollAction { None, Bottom, Appended, Restore }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The conversation's messages, oldest first.</summary>
    [Parameter, EditorRequired] public IList<ChatMessage> Messages { get; set; } = [];

    /// <summary>The conversation shown; a new key scrolls to its newest message.</summary>
    [Parameter, EditorRequired] public string ConversationKey { get; set; } = default!;

    /// <summary>The signed-in user, whose messages are set apart.</summary>
    [Parameter, EditorRequired] public string Me { get; set; } = default!;

    /// <summary>True when older messages can be loaded.</summary>
    [Parameter] public bool HasOlder { get; set; }

    /// <summary>True while the first page of history loads.</summary>
    [Parameter] public bool Loading { get; set; }

    /// <summary>Loads the page before the oldest message shown.</summary>
    [Parameter] public EventCallback OnLoadOlder { get; set; }

    /// <summary>The reader's time zone.</summary>
    [Parameter] public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>True while the "New messages ↓" hint is shown.</summary>
    public bool ShowsNewMessagesHint => _showHint;

    /// <summary>Called by chat.js when the reader reaches or leaves the bottom of the list.</summary>
    [JSInvokable]
    public Task SetPinned(bool pinned) => InvokeAsync(() =>
    {
        _pinned = pinned;
        if (pinned && _showHint)
        {
            _showHint = false;
            StateHasChanged();
        }
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_self is not null)
        {
            try
            {
                await JS.InvokeVoidAsync("blazorChat.detachScroller", _list);
            }
            catch (Exception e) when (e is JSDisconnectedException or JSException or TaskCanceledException)
            {
            }

            _self.Dispose();
        }
    }

    protected override void OnParametersSet()
    {
        var first = Messages.Count > 0 ? Messages[0].Seq : 0;
        var last = Messages.Count > 0 ? Messages[^1].Seq : 0;
        if (ConversationKey != _shownKey)
        {
            (_pending, _pinned, _showHint) = (ScrollAction.Bottom, true, false);
        }
        else if (last > _shownLast)
        {
            if (_shownLast == 0 || IsMine(Messages[^1]))
            {
                (_pending, _pinned, _showHint) = (ScrollAction.Bottom, true, false);
            }
            else
            {
                _pending = ScrollAction.Appended;
                _showHint |= !_pinned;
            }
        }
        else if (first < _shownFirst && _pending == ScrollAction.None)
        {
            _pending = ScrollAction.Restore;
        }

        (_shownKey, _shownFirst, _shownLast) = (ConversationKey, first, last);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("blazorChat.attachScroller", _list, _self);
        }

        var action = _pending;
        _pending = ScrollAction.None;
        switch (action)
        {
            case ScrollAction.Bottom:
                await JS.InvokeVoidAsync("blazorChat.scrollToBottom", _list);
                break;
            case ScrollAction.Appended:
                await JS.InvokeVoidAsync("blazorChat.messagesAppended", _list);
                break;
            case ScrollAction.Restore:
                await JS.InvokeVoidAsync("blazorChat.restorePosition", _list);
                break;
        }
    }

    private async Task LoadOlderAsync()
    {
        _loadingOlder = true;
        try
        {
            await JS.InvokeVoidAsync("blazorChat.rememberPosition", _list);
            await OnLoadOlder.InvokeAsync();
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    private async Task JumpToBottomAsync()
    {
        _showHint = false;
        _pinned = true;
        await JS.InvokeVoidAsync("blazorChat.scrollToBottom", _list);
    }

    private bool IsMine(ChatMessage message) => ChatNames.SameUser(message.From, Me);

    private bool IsGrouped(int index) =>
        index > 0
        && ChatNames.SameUser(Messages[index - 1].From, Messages[index].From)
        && Messages[index].SentAt - Messages[index - 1].SentAt < GroupWindow;
}
