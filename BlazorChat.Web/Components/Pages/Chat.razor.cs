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
public sealed partial class Chat
{
    private static readonly TimeSpan TypingCheckEvery = TimeSpan.FromSeconds(1);

    private ChatViewState? _state;
    private string _me = string.Empty;
    private ChatConnection? _connection;
    private IDisposable? _sessionTracking; // ties the connection to this browser's sign-in session
    private System.Security.Claims.ClaimsPrincipal? _principal;
    private ConnectionEndReason? _ended;
    private ChatError? _conversationError;
    private bool _loadingHistory = true; // until the first page arrives (prerendering shows a spinner, not "no messages")
    private bool _drawerOpen = true;
    private bool _disposed;
    private bool _markingRead; // at most one MarkReadAsync in flight per tab
    private int _historyVersion;
    private ITimer? _typingTimer;
    private TimeZoneInfo _timeZone = TimeZoneInfo.Local;
    private Composer? _composer;
    private bool _hidden; // a background tab: nothing is marked read until the page is seen again
    private DotNetObjectReference<Chat>? _self;
    private MessageList? _messageList;
    private ScrollRequest? _scrollTo; // the message list applies each new one once
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

    private string TitleName => _state?.Current is { } c ? c.Room ?? c.User! : string.Empty;

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
        _typingTimer?.Dispose();
        _typingTimer = null;
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
            _ = MarkReadAsync(); // what arrived meanwhile is now seen
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
        }

        var target = Target;
        if (_state.Current != target)
        {
            _state.Open(target);
            _conversationError = null;
            ForgetMessageActions();
            if (_connection is not null)
            {
                await CloseDrawerIfOverlayAsync();
                await LoadHistoryAsync();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            await ReadMissingQuotesAsync();
            return;
        }

        // Only now is the circuit interactive: prerendering never subscribes. A tab opened in the background must
        // know it before the conversation loads, or it would mark it read unseen.
        await WatchVisibilityAsync();
        await ConnectAsync();
        await DetectTimeZoneAsync();
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
            await CatchUpAsync();
        }
        else
        {
            _restored = true;
            await LoadHistoryAsync(_messageList is null ? null : await _messageList.ReadSavedPositionAsync());
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
                Notify(message);
            }

            if (chatEvent is MessagePosted posted && _state.WorthAnnouncing(posted.Message, away: _hidden))
            {
                _ = _notices?.AnnounceAsync(posted.Message);
            }

            if (outcome.LeftCurrentRoom)
            {
                Navigation.NavigateTo("./");
            }

            if (chatEvent is UserTyping && _state.AnyoneTyping)
            {
                _typingTimer ??= Time.CreateTimer(_ => _ = InvokeAsync(ExpireTyping), null, TypingCheckEvery, TypingCheckEvery);
            }

            if (outcome.Changed)
            {
                StateHasChanged();
            }

            if (chatEvent is MessagePosted)
            {
                _ = MarkReadAsync();
            }
        }
        catch (Exception e)
        {
            _ = DispatchExceptionAsync(e);
        }
    }

    private void ExpireTyping()
    {
        if (_state is null || _disposed)
        {
            return;
        }

        if (_state.ExpireTyping(Time.GetUtcNow()))
        {
            StateHasChanged();
        }

        if (!_state.AnyoneTyping)
        {
            _typingTimer?.Dispose();
            _typingTimer = null;
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
}
