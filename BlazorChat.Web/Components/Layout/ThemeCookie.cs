namespace BlazorChat.Web.Components.Layout;

/// <summary>
/// The light/dark choice as the server sees it: a cookie that chat.js writes when the person toggles the theme (and
/// theme.js on a first visit, from the system's preference), so that every page is rendered in the right theme on
/// the server and never flashes the other one before its circuit starts.
/// </summary>
public static class ThemeCookie
{
    /// <summary>The cookie's name (also in wwwroot/js/theme.js and chat.js).</summary>
    public const string Name = "blazorchat-theme";

    /// <summary>True when the request says dark; light without the cookie or outside a request.</summary>
    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies[Name] is "dark";
}
