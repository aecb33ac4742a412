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
/// conversations keeps the tab's single <see cref="ChatConnection"/> (<see cref="LiveConnection"/>). It subscribes once
/// interactive, applies every event on the renderer's dispatcher (<see cref="LiveEvents"/>) and disposes the connection
/// with the circuit. The history shown, read marking and what is done to messages are its collaborators'.
/// </summary>
public sealed partial class Chat : IChatPage
{
    private ChatViewState? _state;
    // Made with the state, once the user is known (before the first render), and owned by this page.
    private LiveConnection? _live;
    private LiveEvents _events = default!;
    private ConversationHistory _history = default!;
    private ConversationReadMarking _reads = default!;
    private ConversationActions _actions = default!;
    private RoomJoinsAndLeaves _rooms = default!;
    private TypingExpiry? _typingExpiry;
    private ChatPageScript _script = default!;
    private string _me = string.Empty;
    private bool _drawerOpen = true;
    private bool _disposed;
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

    bool IChatPage.Away => _hidden;

    private ChatTarget Target =>
        !string.IsNullOrEmpty(User) ? ChatTarget.ToUser(User)
        : ChatTarget.ToRoom(string.IsNullOrEmpty(Room) ? ChatNames.General : Room);

    private bool Connected => _live?.IsOpen == true;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _live?.Dispose(); // the user goes offline with their last tab
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
            _me = authentication?.User.Identity?.Name
                ?? throw new InvalidOperationException("The chat page needs a signed-in user.");
            Create(new ChatViewState(_me), authentication.User);
        }

        var target = Target;
        if (_state!.Current != target)
        {
            _state.Open(target);
            _history.Error = null;
            _actions.Forget();
            if (Connected)
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
            if (_state is not null && Connected && await _actions.ReadMissingQuotesAsync())
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

    private void Create(ChatViewState state, System.Security.Claims.ClaimsPrincipal? principal)
    {
        _state = state;
        _live = new LiveConnection(ChatService, Sessions, _me, principal);
        _reads = new ConversationReadMarking(ChatService, state, seen: () => !_disposed && !_hidden);
        _history = new ConversationHistory(ChatService, state, _reads, Snackbar);
        _actions = new ConversationActions(ChatService, state, _history, Snackbar, this);
        _rooms = new RoomJoinsAndLeaves(ChatService, state, _history, Snackbar, Navigation);
        _typingExpiry = new TypingExpiry(Time, state, InvokeAsync, StateHasChanged);
        _events = new LiveEvents(state, Time, _reads, _typingExpiry, Snackbar, Navigation, this);
        _script = new ChatPageScript(JS);
    }

    private async Task ConnectAsync()
    {
        var opened = await _live!.OpenAsync(
            (chatEvent, _) => new ValueTask(InvokeAsync(() => Apply(chatEvent))),
            onEnded: reason => _ = InvokeAsync(() => OnEnded(reason)));
        if (!opened)
        {
            return;
        }

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
            _events.Apply(chatEvent);
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

        _live!.Lost(reason);
        StateHasChanged();
    }

    private async Task ReconnectAsync()
    {
        _live!.Close();
        await ConnectAsync();
    }

    // Below the drawer's breakpoint it overlays the conversation, so choosing one should reveal it.
    private async Task CloseDrawerIfOverlayAsync()
    {
        if (_drawerOpen && await _script.IsNarrowAsync())
        {
            _drawerOpen = false;
        }
    }

    private void OnThreadReplySent(ChatMessage reply) => _state?.Merge([reply]);

    void IChatPage.Render() => StateHasChanged();

    void IChatPage.ApplyOwn(ChatChange change) => Apply(new MessageChanged(change));

    Task IChatPage.FocusComposerAsync() => _composer?.FocusAsync() ?? Task.CompletedTask;

    Task IChatPage.AnnounceAsync(ChatMessage message) => _notices?.AnnounceAsync(message) ?? Task.CompletedTask;
}
