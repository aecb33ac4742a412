using MudBlazor;

namespace BlazorChat.Web.Components.Layout;

/// <summary>The app's MudBlazor theme: an indigo primary with a teal accent, in light and dark.</summary>
public static class ChatTheme
{
    /// <summary>The one theme instance; MudBlazor only reads it.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#0d9488",
            AppbarBackground = "#4f46e5",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            // MudBlazor's 54 % black is 4.48:1 on the page's background, just short of WCAG AA for small text.
            TextSecondary = "rgba(0,0,0,0.62)",
        },
        PaletteDark = new PaletteDark
        {
            // Light enough to read as text on the dark surfaces (5.7:1 or more) with dark text on it (6.5:1): the own
            // bubble, the unread badge and Send then pass WCAG AA, which white on #6366f1 (4.47:1) did not.
            Primary = "#818cf8",
            PrimaryContrastText = "#0b0b1a",
            Secondary = "#2dd4bf",
            AppbarBackground = "#1e1b4b",
            Background = "#121218",
            Surface = "#1c1c24",
            DrawerBackground = "#18181f",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "280px" },
    };
}
