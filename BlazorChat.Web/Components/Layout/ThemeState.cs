namespace BlazorChat.Web.Components.Layout;

/// <summary>The light/dark choice, owned by <c>MainLayout</c> and cascaded to the pages that offer the toggle.</summary>
public sealed class ThemeState
{
    /// <summary>True when the dark palette is in use.</summary>
    public bool IsDarkMode { get; private set; }

    /// <summary>
    /// Raised after the theme changed. The argument is true when the person chose it in this tab (<see cref="Toggle"/>):
    /// the layout then remembers it and tells the other tabs; false when it follows another tab (<see cref="Follow"/>).
    /// </summary>
    public event Action<bool>? Changed;

    /// <summary>Switches between light and dark: the person's choice in this tab.</summary>
    public void Toggle()
    {
        IsDarkMode = !IsDarkMode;
        Changed?.Invoke(true);
    }

    /// <summary>Takes a theme that is already chosen (the cookie at first render, another tab's toggle).</summary>
    public void Follow(bool dark)
    {
        if (dark == IsDarkMode)
        {
            return;
        }

        IsDarkMode = dark;
        Changed?.Invoke(false);
    }
}
