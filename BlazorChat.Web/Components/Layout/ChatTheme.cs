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
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6366f1",
            PrimaryContrastText = "#ffffff",
            Secondary = "#2dd4bf",
            AppbarBackground = "#1e1b4b",
            Background = "#121218",
            Surface = "#1c1c24",
            DrawerBackground = "#18181f",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "280px" },
    };
}
