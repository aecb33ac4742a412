using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>Where the caret is when a conversation opens, drafts across reloads, and a join field that reads whole.</summary>
public sealed class ComposerInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheComposerHasTheFocus_OnArrival_AfterCreatingARoom_AndOnSwitchingConversation()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await Expect(alice.Composer).ToBeFocusedAsync(); // arrival: type at once

        var room = "focus-" + Guid.NewGuid().ToString("N")[..6];
        await alice.Page.FillAsync("#join-room input", room);
        await alice.Page.PressAsync("#join-room input", "Enter");
        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/rooms/{room}$"));
        await Expect(alice.Composer).ToBeFocusedAsync(); // not left in the join field

        await alice.Page.ClickAsync("#room-list a[data-room='general']");
        await Expect(alice.Page.Locator("#conversation-title")).ToHaveTextAsync("general");
        await Expect(alice.Composer).ToBeFocusedAsync();
    }

    [Fact]
    public async Task OnATouchScreen_OpeningAConversation_DoesNotPopTheKeyboard()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var cdp = await alice.Context.NewCDPSessionAsync(alice.Page);
        await cdp.SendAsync("Emulation.setTouchEmulationEnabled", new Dictionary<string, object> { ["enabled"] = true, ["maxTouchPoints"] = 1 });
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => matchMedia('(pointer: coarse)').matches"));

        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);

        await Expect(alice.Composer).ToBeEnabledAsync();
        await Expect(alice.Page.Locator("#signed-in-user")).ToHaveTextAsync(alice.Name);
        await Expect(alice.Composer).Not.ToBeFocusedAsync();
    }

    [Fact]
    public async Task ADraft_OutlivesAReload_PerConversation_AndGoesWhenSent()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await alice.Composer.FillAsync("half a thought");

        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);

        await Expect(alice.Composer).ToHaveValueAsync("half a thought");
        await alice.Composer.PressAsync("Enter");
        await Expect(alice.MessageWithText("half a thought")).ToHaveCountAsync(1);
        await Expect(alice.Composer).ToHaveValueAsync("");
        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);
        await Expect(alice.MessageWithText("half a thought")).ToHaveCountAsync(1);
        await Expect(alice.Composer).ToHaveValueAsync(""); // sent: not offered again
    }

    [Fact]
    public async Task TheJoinFieldsPlaceholder_IsNotCutOff()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var input = alice.Page.Locator("#join-room input");
        await Expect(input).ToBeVisibleAsync();

        var fit = await input.EvaluateAsync<PlaceholderFit>("""
            input => {
                const style = getComputedStyle(input);
                const context = document.createElement("canvas").getContext("2d");
                context.font = style.font;
                const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return { text: context.measureText(input.placeholder).width, room, placeholder: input.placeholder };
            }
            """);

        Assert.True(fit.Text <= fit.Room, $"The placeholder '{fit.Placeholder}' needs {fit.Text:0} px and has {fit.Room:0} px.");
    }

    private sealed class PlaceholderFit
    {
        public double Text { get; set; }

        public double Room { get; set; }

        public string Placeholder { get; set; } = "";
    }
}
