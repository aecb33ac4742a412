using AngleSharp.Dom;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorChat.Tests.Components.Markup;

/// <summary>
/// The chat page's five icon buttons are MudIconButton's markup written out (no component per button, see PlainIcon):
/// users must see, and tab to, exactly the button MudIconButton would have drawn, with its colour, size, edge and
/// variant, and the label a screen reader reads.
/// </summary>
public sealed class PlainIconButtonTests : ChatTestContext
{
    [Fact]
    public void TheDrawerToggle_IsMudIconButtonsMarkup()
    {
        var page = RenderChat();

        AssertSameButton(page.Find("#drawer-toggle"), Icons.Material.Filled.Menu, p => p
            .Add(b => b.Color, Color.Inherit)
            .Add(b => b.Edge, Edge.Start)
            .Add(b => b.UserAttributes, Attributes("drawer-toggle", "Toggle navigation")));
    }

    [Fact]
    public void TheBrowseRoomsButton_IsMudIconButtonsMarkup()
    {
        var page = RenderChat();

        AssertSameButton(page.Find("#browse-rooms"), Icons.Material.Filled.TravelExplore, p => p
            .Add(b => b.Size, Size.Small)
            .Add(b => b.Class, "mr-2")
            .Add(b => b.UserAttributes, Attributes("browse-rooms", "Browse rooms", ("aria-expanded", "false"))));
    }

    [Fact]
    public void TheJoinRoomButton_IsMudIconButtonsMarkup()
    {
        var page = RenderChat();

        AssertSameButton(page.Find("#join-room-submit"), Icons.Material.Filled.Add, p => p
            .Add(b => b.Color, Color.Primary)
            .Add(b => b.Class, "mt-1")
            .Add(b => b.UserAttributes, Attributes("join-room-submit", "Join room")));
    }

    [Fact]
    public void TheSendButton_IsMudIconButtonsMarkup()
    {
        var page = RenderChat();

        AssertSameButton(page.Find("#send"), Icons.Material.Filled.Send, p => p
            .Add(b => b.Color, Color.Primary)
            .Add(b => b.Variant, Variant.Filled)
            .Add(b => b.Class, "mb-1")
            .Add(b => b.UserAttributes, Attributes("send", "Send")));
    }

    [Fact]
    public void TheThemeToggle_IsMudIconButtonsMarkup()
    {
        var toggle = Render<CascadingValue<ThemeState>>(p => p
            .Add(c => c.Value, new ThemeState())
            .AddChildContent<ThemeToggle>());

        AssertSameButton(toggle.Find("#theme-toggle"), Icons.Material.Filled.DarkMode, p => p
            .Add(b => b.Color, Color.Inherit)
            .Add(b => b.UserAttributes, Attributes("theme-toggle", "Dark theme", ("aria-pressed", "false"))));
    }

    private void AssertSameButton(IElement written, string icon, Action<ComponentParameterCollectionBuilder<MudIconButton>> parameters)
    {
        var mud = Render<MudIconButton>(p =>
        {
            p.Add(b => b.Icon, icon);
            parameters(p);
        });

        written.OuterHtml.MarkupMatches(mud.Find("button").OuterHtml);
    }

    private static Dictionary<string, object?> Attributes(string id, string label, params (string Name, string Value)[] more)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, ["aria-label"] = label };
        foreach (var (name, value) in more)
        {
            attributes[name] = value;
        }

        return attributes;
    }
}
