using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Writes and sends messages: Enter sends, Shift+Enter breaks the line (chat.js keeps Enter from inserting a newline).
/// A refused message stays in the box with the reason next to it. Drafts are kept per conversation, in the browser too
/// (<see cref="ComposerDrafts"/>), so a reload or a server restart does not lose them. The box takes the focus when a
/// conversation opens, except on touch screens, where that would pop the keyboard up over the conversation. Besides
/// writing: replying to a message (the banner, Esc), editing my last one (↑ in an empty box) and suggesting @names
/// (<see cref="ComposerMentions"/>).
/// </summary>
public sealed partial class Composer
{
    // Made once the services are injected.
    private ComposerDrafts _drafts = default!;
    private ComposerMentions _mentions = default!;
    private ComposerFocus _focus = default!;
    private ComposerTypingHints _typing = default!;
    private ElementReference _host;
    private MudTextField<string>? _field;
    private string _text = string.Empty;
    private int _length;
    private ChatError? _error;
    private int _draftVersion; // bumped on every change of the text, so a send knows whether the box moved on
    private readonly ComposerSendQueue _sending = new();
    private string? _key;
    private bool _focusPending = true; // a conversation opened: focus the box once it can take it (enabled, rendered)
    private bool _focusPolitely = true; // taken only if nobody put it elsewhere: on arrival, or when it had to wait

    [Inject] private IChatRoomService ChatService { get; set; } = default!;
    [Inject] private ChatOptions Options { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The signed-in user.</summary>
    [Parameter, EditorRequired] public string Me { get; set; } = default!;

    /// <summary>Where messages go.</summary>
    [Parameter, EditorRequired] public ChatTarget Target { get; set; } = default!;

    /// <summary>True while the conversation cannot take messages (not connected, not a member).</summary>
    [Parameter] public bool Disabled { get; set; }

    /// <summary>Called with each message the service accepted.</summary>
    [Parameter] public EventCallback<ChatMessage> OnSent { get; set; }

    /// <summary>The message being replied to, or null for a plain message.</summary>
    [Parameter] public ChatMessage? ReplyingTo { get; set; }

    /// <summary>Called when the reply is sent or given up (✕, Esc).</summary>
    [Parameter] public EventCallback OnReplyDone { get; set; }

    /// <summary>Called on ↑ in the empty box: edit my last message.</summary>
    [Parameter] public EventCallback OnEditLast { get; set; }

    private int CounterFrom => Options.MaxTextChars * 4 / 5;

    private string Placeholder => Target.Room is { } room ? $"Message #{room}" : $"Message {Target.User}";

    private string? DraftKey => _key is null ? null : _drafts.StorageKey(_key);

    /// <summary>Puts the caret in the message box.</summary>
    public Task FocusAsync() => _focus.FocusAsync(_host);

    protected override void OnInitialized()
    {
        _drafts = new ComposerDrafts(JS, Me);
        _mentions = new ComposerMentions(ChatService, JS);
        _focus = new ComposerFocus(JS);
        _typing = new ComposerTypingHints(ChatService, Time);
    }

    protected override async Task OnParametersSetAsync()
    {
        var key = ConversationKeys.Of(Target);
        if (key == _key)
        {
            return;
        }

        var draft = _drafts.Switch(_key, _text, key);
        _focusPolitely = _key is null; // the page's first conversation; a switch they asked for moves the focus
        _key = key;
        _error = null;
        _mentions.Autocomplete.Close();
        _focusPending = true;
        await SetTextAsync(draft, render: false);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await JS.InvokeVoidAsync("blazorChat.attachComposer", _host);
        }

        await RestoreBrowserDraftAsync();
        if (_focusPending && Disabled)
        {
            _focusPolitely = true; // by the time the box is enabled (reconnected, joined) they may be elsewhere
        }
        else if (_focusPending)
        {
            _focusPending = false;
            await _focus.FocusAsync(_host, unlessTouch: true, unlessFocusedElsewhere: _focusPolitely);
        }

        await _mentions.SyncKeysAsync(_host);
    }

    private async Task OnTextChangedAsync(string? text)
    {
        text ??= string.Empty;
        if (text == _text)
        {
            return; // our own SetTextAsync/ClearAsync echoing back
        }

        SetText(text);
        await _mentions.UpdateAsync(Me, Target, _text);
        if (_error?.Code == ChatErrorCodes.TooLarge && _length <= Options.MaxTextChars)
        {
            _error = null; // it fits now: the alert would only contradict the counter
        }

        await _typing.TypedAsync(Me, Target, _text);
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (await HandleActionKeyAsync(e))
        {
            return;
        }

        if (e.Key is "Enter" or "NumpadEnter" && !e.ShiftKey && !e.IsComposing)
        {
            await SendAsync();
        }
    }

    // True when the key was the suggestions', the reply's or ↑'s and needs nothing else.
    private async Task<bool> HandleActionKeyAsync(KeyboardEventArgs e)
    {
        if (await _mentions.HandleKeyAsync(e, () => InsertMentionAsync(null)))
        {
            return true;
        }

        if (e.Key == "ArrowUp" && _text.Length == 0 && !e.ShiftKey && OnEditLast.HasDelegate)
        {
            await OnEditLast.InvokeAsync();
            return true;
        }

        if (e.Key == "Escape" && ReplyingTo is not null)
        {
            await OnReplyDone.InvokeAsync();
            return true;
        }

        return false;
    }

    private async Task InsertMentionAsync(string? name)
    {
        await SetTextAsync(_mentions.Autocomplete.Accept(_text, name), render: false);
        await FocusAsync();
    }

    private async Task SendAsync()
    {
        var text = _text;
        var draft = _draftVersion;
        if (Disabled || string.IsNullOrWhiteSpace(text) || _sending.IsSending(draft))
        {
            return; // nothing (new) to send; not worth an error
        }

        var target = Target;
        if (await _sending.RunAsync(draft, text, clientMsgId => SendNowAsync(target, text, draft, clientMsgId)))
        {
            await FocusAsync();
        }
    }

    // One send, in its turn: false when refused (the text stays so it can be fixed and sent again).
    private async Task<bool> SendNowAsync(ChatTarget target, string text, int draft, string clientMsgId)
    {
        var replyTo = ReplyingTo;
        var result = await ChatService.SendAsync(Me, target, text, clientMsgId, replyTo?.MessageId);
        _error = result.Error;
        if (_error is not null)
        {
            return false;
        }

        _typing.Sent();
        await _drafts.ForgetAsync(target);
        if (_draftVersion == draft && target == Target)
        {
            SetText(string.Empty);

            // Render the empty box now, before the focus comes back: a render left for the end of this handler
            // would reach the browser after the user started the next message, and wipe what they typed.
            StateHasChanged();
            if (_field is not null)
            {
                await _field.ClearAsync();
            }
        }

        await OnSent.InvokeAsync(result.Value!);
        if (replyTo is not null && replyTo == ReplyingTo)
        {
            await OnReplyDone.InvokeAsync();
        }

        return true;
    }

    private async Task RestoreBrowserDraftAsync()
    {
        if (_key is not { } key || await _drafts.TakeBrowserDraftAsync(key) is not { Length: > 0 } saved)
        {
            return;
        }

        // Not over what was typed meanwhile, nor into another conversation opened meanwhile.
        if (_text.Length == 0 && _key == key)
        {
            await SetTextAsync(saved, render: true);
        }
    }

    // A programmatic change of the text. On the server MudBlazor ignores a new Value while the box has focus (it
    // protects fast typing), so the box's text is set explicitly too.
    private async Task SetTextAsync(string text, bool render)
    {
        SetText(text);
        if (render)
        {
            StateHasChanged();
        }

        if (_field is not null)
        {
            await _field.SetTextAsync(_text);
        }
    }

    private void SetText(string text)
    {
        _draftVersion++;
        _text = text;
        _length = ComposerText.CountCharacters(text);
    }

    private string Describe(ChatError error) => ComposerText.Describe(error, _text, _length, Options.MaxTextChars);
}
