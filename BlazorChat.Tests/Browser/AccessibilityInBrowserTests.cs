using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// axe-core finds no serious or critical accessibility violation in the chat room, a direct conversation, the sign-in
/// and the register page — in light and dark, on a desktop and a phone.
/// </summary>
public sealed class AccessibilityInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Theory]
    [InlineData("light", "desktop")]
    [InlineData("dark", "desktop")]
    [InlineData("light", "phone")]
    [InlineData("dark", "phone")]
    public async Task EveryView_HasNoSeriousOrCriticalViolation(string theme, string device)
    {
        await using var bob = await browser.NewPersonAsync("bob");
        await using var alice = await browser.NewPersonAsync("alice");
        // Someone else's message and mine, in the room and in a direct conversation (the other rows of this theory
        // share the server and its #general, so each looks for its own).
        var mine = "Morning! The notes are at https://example.org/notes " + Guid.NewGuid().ToString("N")[..6];
        var theirs = "Thanks, reading them now " + Guid.NewGuid().ToString("N")[..6];
        await alice.SendAsync(mine);
        await bob.SendAsync(theirs);
        await Expect(alice.MessageWithText(theirs)).ToBeVisibleAsync();
        await alice.Page.GotoAsync($"/dm/{bob.Name}");
        await Person.WaitUntilReadyAsync(alice.Page);
        await alice.SendAsync("Can you review my change?");
        await Expect(alice.Messages).ToHaveCountAsync(1);

        var viewport = device == "phone" ? Phone : Desktop;
        var failures = new List<string>();
        await using (var signedIn = await ContextAsync(theme, viewport, await alice.Context.StorageStateAsync()))
        {
            var page = await signedIn.NewPageAsync();
            (string Name, string Path)[] views = [("the chat room", "/"), ("a direct conversation", $"/dm/{bob.Name}")];
            foreach (var (name, path) in views)
            {
                await page.GotoAsync(path);
                await Person.WaitUntilReadyAsync(page);
                await Expect(page.Locator("#messages .chat-message").First).ToBeVisibleAsync();
                await CheckAsync(page, name, failures);
            }

            // A direct message while alice reads the room: the snackbar that tells her, once it has faded in.
            await page.GotoAsync("/");
            await Person.WaitUntilReadyAsync(page);
            await bob.Page.GotoAsync($"/dm/{alice.Name}");
            await Person.WaitUntilReadyAsync(bob.Page);
            await bob.SendAsync("Got a minute?");
            await Expect(page.Locator(".mud-snackbar")).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("""
                () => document.getAnimations().every(a => !a.effect?.target?.closest?.('.mud-snackbar') || a.playState !== 'running')
                """);
            await CheckAsync(page, "the chat room with a snackbar", failures);
        }

        await using (var signedOut = await ContextAsync(theme, viewport, storageState: null))
        {
            var page = await signedOut.NewPageAsync();
            (string Name, string Path)[] views = [("the sign-in page", "/account/login"), ("the register page", "/account/register")];
            foreach (var (name, path) in views)
            {
                await page.GotoAsync(path);
                await CheckAsync(page, name, failures);
            }
        }

        Assert.True(failures.Count == 0, $"axe-core, {theme} on a {device}:\n" + string.Join("\n", failures));
    }

    private static async Task CheckAsync(IPage page, string view, List<string> failures)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", await page.EvaluateAsync<string>(
            "() => document.cookie.includes('blazorchat-theme=dark') ? 'dark' : 'light'"));
        failures.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{view}: {v}"));
    }

    // A context that shows the given theme from its first page (the cookie the server renders) and lets Playwright
    // inject axe-core as an inline script past the page's Content-Security-Policy.
    private async Task<IBrowserContext> ContextAsync(string theme, ViewportSize viewport, string? storageState)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            ViewportSize = viewport,
            StorageState = storageState,
            BypassCSP = true,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        await context.AddCookiesAsync([new Cookie
        {
            Name = "blazorchat-theme", Value = theme, Url = browser.App.BaseAddress.ToString(),
        }]);
        return context;
    }
}
