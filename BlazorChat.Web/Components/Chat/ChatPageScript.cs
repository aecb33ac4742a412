using Microsoft.JSInterop;

namespace BlazorChat.Web.Components.Chat;

/// <summary>What the chat page asks chat.js; a page that cannot answer (prerendered, gone) gets the default.</summary>
internal sealed class ChatPageScript(IJSRuntime js)
{
    /// <summary>Whether the window is below the drawer's breakpoint, where the drawer overlays the conversation.</summary>
    public async Task<bool> IsNarrowAsync()
    {
        try
        {
            return await js.InvokeAsync<bool>("blazorChat.isNarrow");
        }
        catch (JSException)
        {
            return false;
        }
    }

    /// <summary>Asks chat.js to call <c>SetHidden</c> on <paramref name="page"/> as the tab goes to the background and back; whether it is hidden now (null: unknown).</summary>
    public async Task<bool?> WatchVisibilityAsync<TPage>(DotNetObjectReference<TPage> page)
        where TPage : class
    {
        try
        {
            return await js.InvokeAsync<bool>("blazorChat.watchVisibility", page);
        }
        catch (JSException)
        {
            return null;
        }
    }

    /// <summary>The browser's time zone, or null when unknown here.</summary>
    public async Task<TimeZoneInfo?> TimeZoneAsync()
    {
        try
        {
            var id = await js.InvokeAsync<string?>("blazorChat.timeZone");
            return !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
        }
        catch (JSException)
        {
            return null;
        }
    }
}
