using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BlazorChat.Web.Components.Markup;

/// <summary>
/// MudIcon's markup (an inline SVG with MudBlazor's classes, so it looks the same), written into the parent's render
/// tree instead of being a component: every component an idle page holds costs its circuit a component state and two
/// render trees for as long as the tab is open (docs/benchmarks.md, "Idle circuits"). For icons that only show.
/// </summary>
public static class PlainIcon
{
    /// <summary>An icon of <see cref="MudBlazor.Icons"/>, e.g. <c>PlainIcon.Svg(Icons.Material.Filled.Tag, "small")</c>.</summary>
    /// <param name="icon">The SVG content (a <see cref="MudBlazor.Icons"/> constant).</param>
    /// <param name="size">MudBlazor's size name: <c>small</c>, <c>medium</c> or <c>large</c>.</param>
    /// <param name="color">A MudBlazor color name (<c>primary</c>…), or none for the inherited colour.</param>
    /// <param name="cssClass">More classes, as MudIcon's <c>Class</c>.</param>
    public static RenderFragment Svg(string icon, string size = "medium", string? color = null, string? cssClass = null) =>
        builder => Write(builder, icon, size, color, cssClass);

    private static void Write(RenderTreeBuilder builder, string icon, string size, string? color, string? cssClass)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", ClassOf(size, color, cssClass));
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddAttribute(5, "role", "img");
        builder.AddMarkupContent(6, icon);
        builder.CloseElement();
    }

    // As MudIcon builds it: root, svg, colour, size, then the caller's classes.
    private static string ClassOf(string size, string? color, string? cssClass) =>
        (color, cssClass) switch
        {
            (null, null) => $"mud-icon-root mud-svg-icon mud-icon-size-{size}",
            (null, _) => $"mud-icon-root mud-svg-icon mud-icon-size-{size} {cssClass}",
            (_, null) => $"mud-icon-root mud-svg-icon mud-{color}-text mud-icon-size-{size}",
            _ => $"mud-icon-root mud-svg-icon mud-{color}-text mud-icon-size-{size} {cssClass}",
        };
}
