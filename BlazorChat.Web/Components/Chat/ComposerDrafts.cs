using BlazorChat.Domain.Messages;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The composer's unsent drafts: one per conversation in this circuit, and the browser's copy (chat.js writes it on every
/// keystroke, see <see cref="BrowserDrafts"/>), asked for once when a conversation opens that this circuit holds none of.
/// Owned by one <see cref="Composer"/>, used on its dispatcher only.
/// </summary>
internal sealed class ComposerDrafts(IJSRuntime js, string me)
{
    private readonly Dictionary<string, string> _drafts = new(ConversationKeys.Comparer);
    private bool _browserPending; // a conversation opened that this circuit holds no draft of: ask the browser

    /// <summary>The browser's storage key of the conversation's draft.</summary>
    public string StorageKey(string conversationKey) => BrowserDrafts.KeyOf(me, conversationKey);

    /// <summary>Keeps <paramref name="text"/> as the draft of <paramref name="from"/> and gives the one of <paramref name="to"/>.</summary>
    public string Switch(string? from, string text, string to)
    {
        if (from is not null)
        {
            _drafts[from] = text;
        }

        _browserPending = !_drafts.ContainsKey(to);
        return _drafts.GetValueOrDefault(to) ?? string.Empty;
    }

    /// <summary>The browser's draft of the conversation, once after <see cref="Switch"/> found none here; else null.</summary>
    public async Task<string?> TakeBrowserDraftAsync(string conversationKey)
    {
        if (!_browserPending)
        {
            return null;
        }

        _browserPending = false;
        try
        {
            return await js.InvokeAsync<string?>("blazorChat.readDraft", StorageKey(conversationKey));
        }
        catch (JSException)
        {
            return null;
        }
    }

    /// <summary>The message was sent: the browser's copy goes.</summary>
    public async Task ForgetAsync(ChatTarget sentTo)
    {
        try
        {
            await js.InvokeVoidAsync("blazorChat.saveDraft", StorageKey(ConversationKeys.Of(sentTo)), string.Empty);
        }
        catch (JSException)
        {
            // The browser keeps a stale draft; it is offered again only if this box is empty.
        }
    }
}
