using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Writes and sends messages: Enter sends, Shift+Enter breaks the line (chat.js keeps Enter from inserting a newline).
/// A refused message stays in the box with the reason next to it. Drafts are kept per conversation, in the browser too
/// (<see cref="BrowserDrafts"/>), so a reload or a server restart does not lose them. The box takes the focus when a
/// conversation opens, except on touch screens, where that would pop the keyboard up over the conversation.
/// </summary>
public sealed partial class Composer
{
    private static readonly TimeSpan TypingEvery = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, string> _drafts = new(ConversationKeys.Comparer);
    private ElementReference _host;
    private MudTextField<string>? _field;
    private string _text = string.Empty;
    private int _length;
    private ChatError? _error;
    private int _draftVersion;   // bumped on every change of the text, so a send knows whether the box moved on
    private int? _inFlightDraft; // the draft being sent, so pressing Enter twice on it sends it once
    private readonly SemaphoreSlim _sendOrder = new(1, 1); // Enter while a send is under way queues, never drops
    private (string Text, string ClientMsgId)? _retry; // the last text that failed to send, and its id
    private string? _key;
    private DateTimeOffset _lastTyping = DateTimeOffset.MinValue;
    private bool _focusPending = true; // a conversation opened: focus the box once it can take it (enabled, rendered)

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

    private int CounterFrom => Options.MaxTextChars * 4 / 5;

    private string Placeholder => Target.Room is { } room ? $"Message #{room}" : $"Message {Target.User}";

    /// <summary>Puts the caret in the message box.</summary>
    public async Task FocusAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("blazorChat.focusComposer", _host);
        }
        catch (JSException)
        {
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var key = ConversationKeys.Of(Target);
        if (key == _key)
        {
            return;
        }

        if (_key is not null)
        {
            _drafts[_key] = _text;
        }

        _key = key;
        _error = null;
        _mentions.Close();
        _focusPending = true;
        _draftRestorePending = !_drafts.ContainsKey(key);
        SetText(_drafts.GetValueOrDefault(key) ?? string.Empty);
        if (_field is not null)
        {
            // On the server MudBlazor ignores a new Value while the box has focus (it protects fast typing), so the
            // text of a programmatic change is set explicitly.
            await _field.SetTextAsync(_text);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await JS.InvokeVoidAsync("blazorChat.attachComposer", _host);
        }

        await RestoreBrowserDraftAsync();
        if (_focusPending && !Disabled)
        {
            _focusPending = false;
            await FocusUnlessTouchAsync();
        }

        await SyncMentionKeysAsync();
    }

    private async Task OnTextChangedAsync(string? text)
    {
        text ??= string.Empty;
        if (text == _text)
        {
            return; // our own SetTextAsync/ClearAsync echoing back
        }

        SetText(text);
        await UpdateMentionsAsync();
        if (_error?.Code == ChatErrorCodes.TooLarge && _length <= Options.MaxTextChars)
        {
            _error = null; // it fits now: the alert would only contradict the counter
        }

        var now = Time.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(_text) && now - _lastTyping >= TypingEvery)
        {
            _lastTyping = now;
            await ChatService.TypingAsync(Me, Target); // a hint: a refusal is shown when sending
        }
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

    private async Task SendAsync()
    {
        var text = _text;
        var draft = _draftVersion;
        if (Disabled || string.IsNullOrWhiteSpace(text) || _inFlightDraft == draft)
        {
            return; // nothing (new) to send; not worth an error
        }

        var target = Target;
        _inFlightDraft = draft;
        await _sendOrder.WaitAsync();
        try
        {
            // Sending the same text again after a failure reuses its clientMsgId, so a retry never doubles it.
            if (_retry?.Text != text)
            {
                _retry = (text, Guid.NewGuid().ToString("N"));
            }

            var replyTo = ReplyingTo;
            var result = await ChatService.SendAsync(Me, target, text, _retry.Value.ClientMsgId, replyTo?.MessageId);
            if (result.Error is { } error)
            {
                _error = error; // the text stays so it can be fixed and sent again
                return;
            }

            _error = null;
            _retry = null;
            _lastTyping = DateTimeOffset.MinValue; // the message ended the typing: the next keystroke says so again
            await ForgetBrowserDraftAsync(target);
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
        }
        finally
        {
            _inFlightDraft = null;
            _sendOrder.Release();
        }

        await FocusAsync();
    }

    private void SetText(string text)
    {
        _draftVersion++;
        _text = text;
        _length = CountCharacters(text);
    }

    private string Describe(ChatError error) => error.Code switch
    {
        ChatErrorCodes.TooLarge => TooLong(_length - Options.MaxTextChars),
        ChatErrorCodes.RateLimited when error.RetryAfter is { } wait =>
            $"You are sending too fast. Try again in {Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.CurrentCulture)} s.",
        ChatErrorCodes.BadRequest when string.IsNullOrWhiteSpace(_text) => "Type a message first.",
        _ => error.Message,
    };

    private string TooLong(int over) => over == 1
        ? $"Too long by 1 character: a message has at most {Options.MaxTextChars}."
        : $"Too long by {over} characters: a message has at most {Options.MaxTextChars}.";

    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
