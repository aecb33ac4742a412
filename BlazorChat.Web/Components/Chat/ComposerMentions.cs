using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The @names a composer offers while a mention is typed: the conversation's people (read once per conversation) and
/// the keys chat.js keeps from moving the caret or the focus while names are offered. Owned by one <see cref="Composer"/>.
/// </summary>
internal sealed class ComposerMentions(IChatRoomService chatService, IJSRuntime js)
{
    private string? _candidatesFor; // the conversation whose people the suggestions hold
    private bool _keysTrapped; // what chat.js was last told

    /// <summary>What is offered now.</summary>
    public MentionAutocomplete Autocomplete { get; } = new();

    /// <summary>Called with every change of the text.</summary>
    public async Task UpdateAsync(string me, ChatTarget target, string text)
    {
        if (!MentionAutocomplete.IsTypingMention(text))
        {
            Autocomplete.Close();
            return;
        }

        var key = ConversationKeys.Of(target);
        if (_candidatesFor != key)
        {
            _candidatesFor = key;
            Autocomplete.SetCandidates(await MentionCandidates.ForAsync(chatService, me, target));
        }

        Autocomplete.Update(text);
    }

    /// <summary>
    /// Takes ↑ ↓ (move), Enter or Tab (<paramref name="insert"/> the one selected) and Esc (close) while names are
    /// offered; true when the key was theirs.
    /// </summary>
    public async Task<bool> HandleKeyAsync(KeyboardEventArgs e, Func<Task> insert)
    {
        if (!Autocomplete.IsOpen)
        {
            return false;
        }

        switch (e.Key)
        {
            case "ArrowDown":
                Autocomplete.Move(1);
                return true;
            case "ArrowUp":
                Autocomplete.Move(-1);
                return true;
            case "Enter" or "NumpadEnter" or "Tab" when !e.ShiftKey:
                await insert();
                return true;
            case "Escape":
                Autocomplete.Close();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Tells chat.js, after a render, whether ↑ ↓ Tab Esc belong to the suggestions now.</summary>
    public async Task SyncKeysAsync(ElementReference composer)
    {
        if (Autocomplete.IsOpen == _keysTrapped)
        {
            return;
        }

        _keysTrapped = Autocomplete.IsOpen;
        try
        {
            await js.InvokeVoidAsync("blazorChat.trapMentionKeys", composer, _keysTrapped);
        }
        catch (JSException)
        {
        }
    }
}
