using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorChat.Web.Components.Pages;

/// <summary>
/// The chat: one routable page for <c>/</c>, <c>/rooms/{Room}</c> and <c>/dm/{User}</c>, so moving between
/// conversations keeps the tab's single <see cref="ChatConnection"/>. It subscribes once interactive, applies every
/// event on the renderer's dispatcher and disposes the connection with the circuit.
/// </summary>
public sealed partial class Chat : ConversationActions.IPage
{
    private ChatViewState? _state;
    // Made with the state, once the user is known: the history shown, what is marked read, what is done to messages.
    private ConversationHistory _history = default!;
    private ReadMarking _reads = default!;
    private ConversationActions _actions = default!;
    private ChatPageScript _script = default!;
    private string _me = string.Empty;
    private ChatConnection? _connection;
    private IDisposable? _sessionTracking; // ties the connection to this browser's sign-in session
    private System.Security.Claims.ClaimsPrincipal? _principal;
    private ConnectionEndReason? _ended;
    private bool _drawerOpen = true;
    private bool _disposed;
    private TypingExpiry? _typingExpiry;
    private TimeZoneInfo _timeZone = TimeZoneInfo.Local;
    private Composer? _composer;
    private bool _hidden; // a background tab: nothing is marked read until the page is seen again
    private DotNetObjectReference<Chat>? _self;
    private MessageList? _messageList;
    private bool _restored; // the first history shown in this circuit goes back to where the reader was; until then a skeleton
    private NoticeSignals? _notices;

    [Inject] private IChatRoomService ChatService { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private BlazorChat.Web.Accounts.SignInSessions Sessions { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The room from <c>/rooms/{Room}</c>.</summary>
    [Parameter] public string? Room { get; set; }

    /// <summary>The peer from <c>/dm/{User}</c>.</summary>
    [Parameter] public string? User { get; set; }

    private ChatTarget Target =>
        !string.IsNullOrEmpty(User) ? ChatTarget.ToUser(User)
        : ChatTarget.ToRoom(string.IsNullOrEmpty(Room) ? ChatNames.General : Room);

    private string Title => _state?.Current is { } c ? c.ToString() : "BlazorChat";

    // Unread direct messages and mentions, for the tab title: "(3) #general · BlazorChat".
    private int NoticeCount => _state?.NoticeCount(away: _hidden) ?? 0;

    private string? NoticePrefix => NoticeCount > 0 ? $"({NoticeCount}) " : null;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _connection?.Dispose(); // the user goes offline with their last tab
        _connection = null;
        _sessionTracking?.Dispose();
        _sessionTracking = null;
        _typingExpiry?.Dispose();
        _self?.Dispose();
        _self = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>Called by chat.js when the page goes to the background or comes back.</summary>
    [JSInvokable]
    public Task SetHidden(bool hidden) => InvokeAsync(() =>
    {
        _hidden = hidden;
        StateHasChanged(); // the title counts what arrives in the open conversation only while the tab is hidden
        if (!hidden)
        {
            _ = _reads.MarkAsync(); // what arrived meanwhile is now seen
        }
    });

    protected override async Task OnParametersSetAsync()
    {
        if (_state is null)
        {
            var authentication = AuthenticationState is null ? null : await AuthenticationState;
            _principal = authentication?.User;
            _me = authentication?.User.Identity?.Name
                ?? throw new InvalidOperationException("The chat page needs a signed-in user.");
            _state = new ChatViewState(_me);
            _reads = new ReadMarking(ChatService, _state, seen: () => !_disposed && !_hidden);
            _history = new ConversationHistory(ChatService, _state, _reads, Snackbar);
            _actions = new ConversationActions(ChatService, _state, _history, Snackbar, this);
            _script = new ChatPageScript(JS);
            _typingExpiry = new TypingExpiry(Time, _state, InvokeAsync, StateHasChanged);
        }

        var target = Target;
        if (_state.Current != target)
        {
            _state.Open(target);
            _history.Error = null;
            _actions.Forget();
            if (_connection is not null)
            {
                await CloseDrawerIfOverlayAsync();
                await _history.LoadAsync();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            if (_state is not null && _connection is not null && await _actions.ReadMissingQuotesAsync())
            {
                StateHasChanged();
            }

            return;
        }

        // Only now is the circuit interactive: prerendering never subscribes. A tab opened in the background must
        // know it before the conversation loads, or it would mark it read unseen.
        _self ??= DotNetObjectReference.Create(this);
        _hidden = await _script.WatchVisibilityAsync(_self) ?? _hidden;
        await ConnectAsync();
        if (await _script.TimeZoneAsync() is { } zone)
        {
            _timeZone = zone;
            StateHasChanged();
        }
    }

    private async Task ConnectAsync()
    {
        _ended = null;
        var connection = await ChatService.ConnectAsync(
            _me,
            (chatEvent, _) => new ValueTask(InvokeAsync(() => Apply(chatEvent))),
            onEnded: reason => _ = InvokeAsync(() => OnEnded(reason)));
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        _connection = connection;
        _sessionTracking?.Dispose();
        _sessionTracking = Sessions.Track(_principal, connection);
        // Not everyone registered: who is online (from the session's start) and who I talk to; the rest by search.
        _state!.AddPeople(await ChatService.GetDirectPeersAsync(_me));
        if (_restored)
        {
            await _history.CatchUpAsync();
        }
        else
        {
            _restored = true;
            await _history.LoadAsync(_messageList is null ? null : await _messageList.ReadSavedPositionAsync());
        }

        StateHasChanged();
    }

    private void Apply(ChatEvent chatEvent)
    {
        if (_disposed || _state is null)
        {
            return;
        }

        try
        {
            var outcome = _state.Apply(chatEvent, Time.GetUtcNow());
            if (outcome.Notify is { } message)
            {
                DirectMessageToast.Show(Snackbar, Navigation, message, _me);
            }

            if (chatEvent is MessagePosted posted && _state.WorthAnnouncing(posted.Message, away: _hidden))
            {
                _ = _notices?.AnnounceAsync(posted.Message);
            }

            if (outcome.LeftCurrentRoom)
            {
                Navigation.NavigateTo("./");
            }

            if (chatEvent is UserTyping)
            {
                _typingExpiry?.Watch();
            }

            if (outcome.Changed)
            {
                StateHasChanged();
            }

            if (chatEvent is MessagePosted)
            {
                _ = _reads.MarkAsync();
            }
        }
        catch (Exception e)
        {
            _ = DispatchExceptionAsync(e);
        }
    }

    private void OnEnded(ConnectionEndReason reason)
    {
        if (_disposed)
        {
            return;
        }

        if (reason == ConnectionEndReason.Revoked)
        {
            // This browser signed out (perhaps in another tab): nothing more is shown here.
            Navigation.NavigateTo("account/login", forceLoad: true);
            return;
        }

        _ended = reason;
        _connection = null;
        StateHasChanged();
    }

    private async Task ReconnectAsync()
    {
        _connection?.Dispose();
        _connection = null;
        await ConnectAsync();
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
        if (_drawerOpen && await _script.IsNarrowAsync())
        {
            _drawerOpen = false;
        }
    }

    private void OnFollowingChanged(bool following)
    {
        _state!.Window.Following = following;
        if (following)
        {
            _ = _reads.MarkAsync(); // scrolled down to the newest: they are read now
        }
    }

    private void OnThreadReplySent(ChatMessage reply) => _state?.Merge([reply]);

    void ConversationActions.IPage.Render() => StateHasChanged();

    void ConversationActions.IPage.ApplyOwn(ChatChange change) => Apply(new MessageChanged(change));

    Task ConversationActions.IPage.FocusComposerAsync() => _composer?.FocusAsync() ?? Task.CompletedTask;
}
