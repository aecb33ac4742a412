using BlazorChat.Domain.Messages;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

// The composer's browser side: drafts kept in the tab's storage, and the focus.
public sealed partial class Composer
{
    private bool _draftRestorePending; // a conversation opened that this circuit holds no draft of: ask the browser

    private string? DraftKey => _key is null ? null : BrowserDrafts.KeyOf(Me, _key);

    private async Task RestoreBrowserDraftAsync()
    {
        if (!_draftRestorePending || DraftKey is not { } storageKey)
        {
            return;
        }

        _draftRestorePending = false;
        string? saved;
        try
        {
            saved = await JS.InvokeAsync<string?>("blazorChat.readDraft", storageKey);
        }
        catch (JSException)
        {
            return;
        }

        // Not over what was typed meanwhile, nor into another conversation opened meanwhile.
        if (string.IsNullOrEmpty(saved) || _text.Length > 0 || DraftKey != storageKey)
        {
            return;
        }

        SetText(saved);
        StateHasChanged();
        if (_field is not null)
        {
            await _field.SetTextAsync(_text);
        }
    }

    private async Task ForgetBrowserDraftAsync(ChatTarget sentTo)
    {
        try
        {
            await JS.InvokeVoidAsync("blazorChat.saveDraft", BrowserDrafts.KeyOf(Me, ConversationKeys.Of(sentTo)), string.Empty);
        }
        catch (JSException)
        {
            // The browser keeps a stale draft; it is offered again only if this box is empty.
        }
    }

    private async Task FocusUnlessTouchAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("blazorChat.focusComposer", _host, true);
        }
        catch (JSException)
        {
        }
    }
}
