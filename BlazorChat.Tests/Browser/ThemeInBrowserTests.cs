using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// The theme as a person sees it: the server renders the chosen one from the first byte (no flash of light for a
/// dark-mode user), a first visit follows the system's preference, and a toggle is followed by every other tab.
/// </summary>
public sealed class ThemeInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Background =
        "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";

    private const string DarkBackground = "rgba(18,18,24,1)"; // ChatTheme.PaletteDark.Background, #121218, as MudBlazor writes it

    [Fact]
    public async Task FirstLoad_IsRenderedDarkOnTheServer_WithASkeleton_AndStaysDarkOnceLive()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await alice.Page.ClickAsync("#theme-toggle"); // chooses dark: the cookie the server reads
        await Expect(alice.Page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-pressed", "true");

        // The HTML as it arrives, before any script runs: dark, and shapes instead of a wrong "0 online".
        var response = await alice.Context.APIRequest.GetAsync("/");
        var html = await response.TextAsync();
        Assert.Contains("data-theme=\"dark\"", html, StringComparison.Ordinal);
        Assert.Contains($"--mud-palette-background: {DarkBackground}", html, StringComparison.Ordinal);
        Assert.Contains("id=\"drawer-skeleton\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"composer-skeleton\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0 online", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nobody else has registered yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"send\"", html, StringComparison.Ordinal);

        // Live, the circuit keeps the theme it was prerendered in and the skeleton gives way to the real state.
        await alice.Page.ReloadAsync();
        Assert.Equal(DarkBackground, await alice.Page.EvaluateAsync<string>(Background));
        await Person.WaitUntilReadyAsync(alice.Page);
        Assert.Equal(DarkBackground, await alice.Page.EvaluateAsync<string>(Background));
        await Expect(alice.Page.Locator("#drawer-skeleton, #composer-skeleton")).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator("#send")).ToBeEnabledAsync();
        await Expect(alice.Page.Locator("#online-count")).ToContainTextAsync("online");
    }

    [Fact]
    public async Task AFirstVisit_FollowsTheSystemsDarkPreference_BeforeThePageIsShown()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account/login");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkBackground, await page.EvaluateAsync<string>(Background));
        Assert.Contains(await context.CookiesAsync(), c => c is { Name: "blazorchat-theme", Value: "dark" });
    }

    [Fact]
    public async Task ToggleInOneTab_IsFollowedByTheOtherTabs_AndRemembered()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var other = await alice.Context.NewPageAsync();
        await other.GotoAsync("/");
        await Person.WaitUntilReadyAsync(other);
        var light = await other.EvaluateAsync<string>(Background);
        Assert.NotEqual(DarkBackground, light);

        await alice.Page.ClickAsync("#theme-toggle");

        await other.WaitForFunctionAsync($"() => ({Background})() === '{DarkBackground}'");
        await Expect(other.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-pressed", "true");

        await other.ClickAsync("#theme-toggle"); // and back, from the other tab
        await alice.Page.WaitForFunctionAsync($"light => ({Background})() === light", light);

        await other.ReloadAsync();
        await Expect(other.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
    }
}
