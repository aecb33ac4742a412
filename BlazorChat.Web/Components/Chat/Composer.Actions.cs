using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

// What the composer does besides writing a message: replying to one (the banner, Esc), editing my last one (↑ in an
// empty box) and suggesting @names.
public sealed partial class Composer
{
    private readonly MentionAutocomplete _mentions = new();
    private string? _mentionsFor; // the conversation whose people the suggestions hold
    private bool _mentionKeysOpen; // what chat.js was last told

    /// <summary>The message being replied to, or null for a plain message.</summary>
    [Parameter] public ChatMessage? ReplyingTo { get; set; }

    /// <summary>Called when the reply is sent or given up (✕, Esc).</summary>
    [Parameter] public EventCallback OnReplyDone { get; set; }

    /// <summary>Called on ↑ in the empty box: edit my last message.</summary>
    [Parameter] public EventCallback OnEditLast { get; set; }

    // True when the key was one of these features' and needs nothing else.
    private async Task<bool> HandleActionKeyAsync(KeyboardEventArgs e)
    {
        if (_mentions.IsOpen)
        {
            switch (e.Key)
            {
                case "ArrowDown":
                    _mentions.Move(1);
                    return true;
                case "ArrowUp":
                    _mentions.Move(-1);
                    return true;
                case "Enter" or "NumpadEnter" or "Tab" when !e.ShiftKey:
                    await InsertMentionAsync(null);
                    return true;
                case "Escape":
                    _mentions.Close();
                    return true;
            }
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

    // Called with every change of the text.
    private async Task UpdateMentionsAsync()
    {
        if (!MentionAutocomplete.IsTypingMention(_text))
        {
            _mentions.Close();
            return;
        }

        var key = ConversationKeys.Of(Target);
        if (_mentionsFor != key)
        {
            _mentionsFor = key;
            _mentions.SetCandidates(await MentionCandidates.ForAsync(ChatService, Me, Target));
        }

        _mentions.Update(_text);
    }

    private async Task InsertMentionAsync(string? name)
    {
        SetText(_mentions.Accept(_text, name));
        if (_field is not null)
        {
            await _field.SetTextAsync(_text);
        }

        await FocusAsync();
    }

    // chat.js keeps ↑ ↓ Tab Esc from moving the caret or the focus while names are offered.
    private async Task SyncMentionKeysAsync()
    {
        if (_mentions.IsOpen == _mentionKeysOpen)
        {
            return;
        }

        _mentionKeysOpen = _mentions.IsOpen;
        try
        {
            await JS.InvokeVoidAsync("blazorChat.trapMentionKeys", _host, _mentionKeysOpen);
        }
        catch (JSException)
        {
        }
    }
}
