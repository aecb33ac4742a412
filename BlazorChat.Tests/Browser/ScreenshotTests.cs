using BlazorChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// Saves screenshots of the main views (light and dark, desktop and phone) to
/// <see cref="BrowserFixture.ScreenshotDirectory"/>, after checking that each view shows the conversation.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MainViews_RenderTheConversation_InLightAndDark_OnDesktopAndPhone()
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await using var bob = await browser.NewPersonAsync("bob");
        await using var alice = await browser.NewPersonAsync("alice");
        // What a team's morning looks like: Markdown, a reply to the release note, a mention, reactions.
        using var api = browser.App.Api();
        await alice.SendAsync("Morning all! **Release 1.4** is out 🎉 Notes: https://example.org/release-1.4");
        await using var aliceSocket = await TestSocket.ConnectAsync(browser.App.SocketUri, await api.TokenAsync(alice.Name));
        await using var bobSocket = await TestSocket.ConnectAsync(browser.App.SocketUri, await api.TokenAsync(bob.Name));
        var note = (await aliceSocket.RequestAsync(new { type = "history", room = "general", limit = 1 })).GetProperty("messages")[0];
        var noteId = note.GetProperty("messageId").GetString();
        await bobSocket.RequestAsync(new { type = "send", room = "general", text = "Nice work. I'll update the docs after `stand-up`.", replyTo = noteId });
        await alice.SendAsync($"Thanks @{bob.Name} — ping me if anything looks off.");
        await bobSocket.RequestAsync(new { type = "react", messageId = noteId, emoji = "🎉", on = true });
        await Expect(alice.Messages).ToHaveCountAsync(3);
        await Expect(alice.Page.Locator("#messages .chat-reply-quote")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#messages strong", new() { HasText = "Release 1.4" })).ToHaveCountAsync(1);

        // Something unread elsewhere, so the drawer shows its counts: a build bot in #release, and a direct message.
        await aliceSocket.RequestAsync(new { type = "join", room = "release" });
        await using var bot = await api.ConnectNewUserAsync(browser.App.SocketUri, "buildbot");
        await bot.RequestAsync(new { type = "join", room = "release" });
        await bot.RequestAsync(new { type = "send", room = "release", text = "Build 1.4.0 passed ✅" });
        await bot.RequestAsync(new { type = "send", room = "release", text = "Deployed to staging" });
        await bot.RequestAsync(new { type = "send", to = alice.Name, text = "Shall I tag the release?" });
        await bot.RequestAsync(new { type = "react", messageId = noteId, emoji = "🎉", on = true });
        await bot.RequestAsync(new { type = "react", messageId = noteId, emoji = "🚀", on = true });
        await Expect(alice.Page.Locator("#messages .chat-reaction-count").First).ToHaveTextAsync("2");
        await Expect(alice.Page.Locator("#room-list [data-room='release'] .chat-unread")).ToHaveTextAsync("2");
        await Expect(alice.Page.Locator($"#people-list [data-user='{bot.User}'] .chat-unread")).ToHaveTextAsync("1");

        await SaveAsync(alice.Page, "chat-light-desktop");

        const string background = "getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var light = await alice.Page.EvaluateAsync<string>(background);
        await alice.Page.ClickAsync("#theme-toggle");
        await alice.Page.WaitForFunctionAsync($"light => {background} !== light", light);
        await SaveAsync(alice.Page, "chat-dark-desktop");

        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            StorageState = await bob.Context.StorageStateAsync(),
        });
        var bobPhone = await phone.NewPageAsync();
        await bobPhone.GotoAsync("/");
        await Person.WaitUntilReadyAsync(bobPhone);
        await Expect(bobPhone.Locator("#messages .chat-message")).ToHaveCountAsync(3);
        await SaveAsync(bobPhone, "chat-light-phone");

        var phoneLight = await bobPhone.EvaluateAsync<string>(background);
        await bobPhone.ClickAsync("#theme-toggle");
        await bobPhone.WaitForFunctionAsync($"light => {background} !== light", phoneLight);
        await SaveAsync(bobPhone, "chat-dark-phone");
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.Mouse.MoveAsync(1, page.ViewportSize!.Height / 2); // no hover tooltip from the last click
        // Transitions (a snackbar sliding in) are shown finished, not half-way.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 10_000, $"{name}.png looks empty");
    }
}
