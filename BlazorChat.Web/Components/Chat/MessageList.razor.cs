using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The part of the open conversation the page holds (a <see cref="MessageWindow"/>). The browser side
/// (<c>blazorChat</c> in chat.js) keeps what the reader reads in place while pages come and go, follows the newest
/// message while the reader is at the bottom (reported through <see cref="SetPinned"/>), asks for the next page
/// when the reader nears either end (<see cref="LoadMore"/>) and remembers the position in the tab's session storage.
/// </summary>
public sealed partial class MessageList : IAsyncDisposable
{
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(5);

    private ElementReference _list;
    private DotNetObjectReference<MessageList>? _self;
    private bool _loading;
    private ScrollRequest? _applied;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    // Markup, not a component per message: a long conversation's circuit does not pay for notices it rarely has.
    private RenderFragment? NoticeLines(long afterSeq) => Notices.Count == 0 ? null : builder =>
    {
        foreach (var notice in Notices)
        {
            if (notice.AfterSeq == afterSeq)
            {
                builder.OpenElement(0, "div");
                builder.SetKey(notice.Id);
                builder.AddAttribute(1, "class", "chat-room-notice chat-muted mud-typography-caption d-flex justify-center my-1");
                builder.AddAttribute(2, "data-notice", notice.Joined ? "joined" : "left");
                builder.AddAttribute(3, "data-user", notice.User);
                builder.AddContent(4, notice.Text);
                builder.CloseElement();
            }
        }
    };

    /// <summary>The messages shown, oldest first, consecutive.</summary>
    [Parameter, EditorRequired] public IList<ChatMessage> Messages { get; set; } = [];

    /// <summary>The conversation shown.</summary>
    [Parameter, EditorRequired] public string ConversationKey { get; set; } = default!;

    /// <summary>The signed-in user, whose messages are set apart.</summary>
    [Parameter, EditorRequired] public string Me { get; set; } = default!;

    /// <summary>Who joined or left the room while it was open, each shown after the message it followed.</summary>
    [Parameter] public IReadOnlyList<RoomNotice> Notices { get; set; } = [];

    /// <summary>True when older messages can be loaded.</summary>
    [Parameter] public bool HasOlder { get; set; }

    /// <summary>True when the conversation goes on after the last message shown.</summary>
    [Parameter] public bool HasNewer { get; set; }

    /// <summary>True when live messages arrived below what the reader is reading: "3 new messages".</summary>
    [Parameter] public bool NewerArrived { get; set; }

    /// <summary>How many messages arrived below while <see cref="NewerArrived"/>, shown on the chip.</summary>
    [Parameter] public int NewerCount { get; set; }

    /// <summary>True while the first page of history loads.</summary>
    [Parameter] public bool Loading { get; set; }

    /// <summary>Where to scroll after the next render; each new instance is applied once.</summary>
    [Parameter] public ScrollRequest? ScrollTo { get; set; }

    /// <summary>Loads the page before the oldest message shown.</summary>
    [Parameter] public EventCallback OnLoadOlder { get; set; }

    /// <summary>Loads the page after the newest message shown.</summary>
    [Parameter] public EventCallback OnLoadNewer { get; set; }

    /// <summary>Shows the conversation's newest messages (when they are not all shown) and scrolls to them.</summary>
    [Parameter] public EventCallback OnJumpToNewest { get; set; }

    /// <summary>Told whether the reader follows the newest message (is at the bottom).</summary>
    [Parameter] public EventCallback<bool> OnFollowingChanged { get; set; }

    /// <summary>The reader's time zone.</summary>
    [Parameter] public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>True while the "3 new messages" hint is shown.</summary>
    public bool ShowsNewMessagesHint => NewerArrived;

    // Where chat.js keeps this reader's position in this conversation (per user: a tab may change accounts).
    private string ScrollKey => $"{Me}:{ConversationKey}";

    /// <summary>Called by chat.js when the reader reaches or leaves the bottom of the list.</summary>
    [JSInvokable]
    public Task SetPinned(bool pinned) => InvokeAsync(() => OnFollowingChanged.InvokeAsync(pinned));

    /// <summary>
    /// Called by chat.js when the reader nears the top (<paramref name="older"/>) or the bottom of the list; true
    /// when messages were loaded, so that chat.js may ask again at once.
    /// </summary>
    [JSInvokable]
    public async Task<bool> LoadMore(bool older)
    {
        var loaded = false;
        await InvokeAsync(async () =>
        {
            if (_loading || !(older ? HasOlder : HasNewer))
            {
                return;
            }

            _loading = true;
            var before = Edges();
            try
            {
                await (older ? OnLoadOlder : OnLoadNewer).InvokeAsync();
            }
            finally
            {
                _loading = false;
            }

            loaded = Edges() != before;
        });
        return loaded;
    }

    private (long? First, long? Last) Edges() => Messages.Count == 0 ? (null, null) : (Messages[0].Seq, Messages[^1].Seq);

    /// <summary>The position this reader last had in this conversation in this tab, or null for the newest message.</summary>
    public async Task<ScrollRequest?> ReadSavedPositionAsync()
    {
        try
        {
            return await JS.InvokeAsync<ScrollRequest?>("blazorChat.savedPosition", ScrollKey);
        }
        catch (JSException)
        {
            return null;
        }
    }

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

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("blazorChat.attachScroller", _list, _self);
        }

        if (ScrollTo is { } request && !ReferenceEquals(request, _applied))
        {
            _applied = request;
            if (request.Seq is { } seq)
            {
                await JS.InvokeVoidAsync("blazorChat.scrollToMessage", _list, seq, request.Offset);
            }
            else
            {
                await JS.InvokeVoidAsync("blazorChat.scrollToBottom", _list);
            }
        }
    }

    private async Task JumpToBottomAsync()
    {
        if (HasNewer)
        {
            await OnJumpToNewest.InvokeAsync(); // the page shows the newest messages and asks to scroll to them
            return;
        }

        await OnFollowingChanged.InvokeAsync(true);
        await JS.InvokeVoidAsync("blazorChat.scrollToBottom", _list);
    }

    private bool IsMine(ChatMessage message) => ChatNames.SameUser(message.From, Me);

    private bool IsGrouped(int index) =>
        index > 0
        && ChatNames.SameUser(Messages[index - 1].From, Messages[index].From)
        && Messages[index].SentAt - Messages[index - 1].SentAt < GroupWindow;
}
