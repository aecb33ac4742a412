namespace BlazorChat.Web.Components.Layout;

/// <summary>The light/dark choice, owned by <c>MainLayout</c> and cascaded to the pages that offer the toggle.</summary>
public sealed class ThemeState
{
    /// <summary>True when the dark palette is in use.</summary>
    public bool IsDarkMode { get; set; }

    /// <summary>Raised after <see cref="Toggle"/>; the layout re-renders the theme provider and remembers the choice.</summary>
    public event Action? Changed;

    /// <summary>Switches between light and dark.</summary>
    public void Toggle()
    {
        IsDarkMode = !IsDarkMode;
        Changed?.Invoke();
    }
}
