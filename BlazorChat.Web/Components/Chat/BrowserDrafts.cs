namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Where the browser keeps an unsent draft (chat.js writes it on every keystroke, in <c>sessionStorage</c>): one key per
/// user and conversation, so a reload, a server restart or a dropped circuit gives it back, and another person signing
/// in on the same browser never sees it. <c>sessionStorage</c> rather than <c>localStorage</c>: it survives reloads of
/// the tab but not the tab, so a shared computer does not keep what someone left unsent.
/// </summary>
public static class BrowserDrafts
{
    /// <summary>The storage key of <paramref name="user"/>'s draft in the conversation <paramref name="conversationKey"/>.</summary>
    public static string KeyOf(string user, string conversationKey) =>
        $"blazorChat.draft:{user.ToLowerInvariant()}:{conversationKey.ToLowerInvariant()}";
}
