using BlazorChat.Web.Components.Markup;
using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace BlazorChat.Tests.Components.Markup;

/// <summary>
/// The idle page's icons are MudIcon's markup written out (no component per icon): users must see exactly what MudIcon
/// would have drawn, in every size, colour and extra class the page uses.
/// </summary>
public sealed class PlainIconTests : BunitContext
{
    public PlainIconTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Theory]
    [InlineData("medium", null, null)]
    [InlineData("small", null, "chat-nav-icon")]
    [InlineData("large", null, null)]
    [InlineData("medium", "primary", null)]
    [InlineData("medium", null, "ml-1 mr-2 d-none d-sm-flex")]
    [InlineData("small", "secondary", "extra")]
    public void PlainIcon_DrawsTheSameMarkupAsMudIcon(string size, string? color, string? cssClass)
    {
        var mud = Render<MudIcon>(p => p
            .Add(i => i.Icon, Icons.Material.Filled.Tag)
            .Add(i => i.Size, Enum.Parse<Size>(size, ignoreCase: true))
            .Add(i => i.Color, color is null ? Color.Inherit : Enum.Parse<Color>(color, ignoreCase: true))
            .Add(i => i.Class, cssClass));

        var plain = Render(PlainIcon.Svg(Icons.Material.Filled.Tag, size, color, cssClass));

        plain.MarkupMatches(mud.Markup);
    }
}
