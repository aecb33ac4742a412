using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>Puts the caret in a composer's box through chat.js; a page that cannot take it (gone, prerendered) is let be.</summary>
internal sealed class ComposerFocus(IJSRuntime js)
{
    /// <summary>
    /// Focuses the box inside <paramref name="composer"/>; with <paramref name="unlessTouch"/>, not on a coarse pointer
    /// (a touch screen), where that would pop the keyboard up over the conversation; with
    /// <paramref name="unlessFocusedElsewhere"/>, not when the person has already put the focus somewhere else (a page
    /// that was tabbed through while it loaded keeps the focus where the keyboard left it).
    /// </summary>
    public async Task FocusAsync(ElementReference composer, bool unlessTouch = false, bool unlessFocusedElsewhere = false)
    {
        try
        {
            if (unlessTouch || unlessFocusedElsewhere)
            {
                await js.InvokeVoidAsync("blazorChat.focusComposer", composer, unlessTouch, unlessFocusedElsewhere);
            }
            else
            {
                await js.InvokeVoidAsync("blazorChat.focusComposer", composer);
            }
        }
        catch (JSException)
        {
        }
    }
}
