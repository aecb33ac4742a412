using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>A reader who looks elsewhere still notices a direct message: title, favicon, desktop notification.</summary>
public sealed class NoticingInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Before any page script: a Notification API that records, and a visibility the test switches.
    private const string FakeBrowser = """
        (() => {
          let hidden = false;
          Object.defineProperty(Document.prototype, "visibilityState", { get: () => hidden ? "hidden" : "visible", configurable: true });
          Object.defineProperty(Document.prototype, "hidden", { get: () => hidden, configurable: true });
          window.__setHidden = h => { hidden = h; document.dispatchEvent(new Event("visibilitychange")); };
          window.__notes = [];
          window.__permissionRequests = 0;
          const stored = sessionStorage.getItem("__permission") || "default";
          class FakeNotification {
            static permission = stored;
            static requestPermission() {
              window.__permissionRequests++;
              FakeNotification.permission = "granted";
              sessionStorage.setItem("__permission", "granted");
              return Promise.resolve("granted");
            }
            constructor(title, options) { this.title = title; this.body = options?.body; window.__notes.push(this); }
            close() { this.closed = true; }
          }
          window.Notification = FakeNotification;
        })();
        """;

    [Fact]
    public async Task ADirectMessage_WhileTheTabIsHidden_RaisesANotification_AndUpdatesTheTitle_AndItsClickOpensIt()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        await alice.Context.AddInitScriptAsync(FakeBrowser);
        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);
        await Expect(alice.Page).ToHaveTitleAsync("#general · BlazorChat");

        // Asked only from the click, never on load.
        Assert.Equal(0, await alice.Page.EvaluateAsync<int>("() => window.__permissionRequests"));
        await alice.Page.ClickAsync("#notices-menu button");
        await alice.Page.ClickAsync("#notices-enable");
        await Expect(alice.Page.Locator("#notices-menu .mud-icon-root")).ToBeVisibleAsync();
        await WaitForAsync(alice.Page, "() => window.__permissionRequests === 1 && Notification.permission === 'granted'");

        await alice.Page.EvaluateAsync("() => window.__setHidden(true)");
        var text = "are you there? " + Guid.NewGuid().ToString("N")[..6];
        await bob.Page.ClickAsync($"#people-list [data-user='{alice.Name}']");
        await Expect(bob.Page.Locator("#conversation-title")).ToHaveTextAsync(alice.Name);
        await bob.SendAsync(text);

        await Expect(alice.Page).ToHaveTitleAsync("(1) #general · BlazorChat");
        await Expect(alice.Page.Locator("link[rel~='icon'][data-badge='1']")).ToHaveAttributeAsync("href", new Regex("^data:image/png"));
        await WaitForAsync(alice.Page, "() => window.__notes.length === 1");
        Assert.Equal(bob.Name, await alice.Page.EvaluateAsync<string>("() => window.__notes[0].title"));
        Assert.Equal(text, await alice.Page.EvaluateAsync<string>("() => window.__notes[0].body"));

        await alice.Page.EvaluateAsync("() => { window.__setHidden(false); window.__notes[0].onclick(); }");

        await Expect(alice.Page.Locator("#conversation-title")).ToHaveTextAsync(bob.Name);
        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/dm/{bob.Name}$"));
        await Expect(alice.MessageWithText(text)).ToHaveCountAsync(1);
        await Expect(alice.Page).ToHaveTitleAsync($"@{bob.Name} · BlazorChat");
        await Expect(alice.Page.Locator("link[rel~='icon']")).Not.ToHaveAttributeAsync("data-badge", new Regex("."));
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.__notes[0].closed === true"));
        Assert.Equal(1, await alice.Page.EvaluateAsync<int>("() => window.__notes.length"));
    }

    [Fact]
    public async Task PhoneWidth_TheMenuButtonShowsADot_WhenAnotherConversationHasUnread()
    {
        await using var alice = await browser.NewPersonAsync("alice", new ViewportSize { Width = 390, Height = 844 });
        using var api = browser.App.Api();
        await using var bot = await api.ConnectNewUserAsync(browser.App.SocketUri, "bot");
        await alice.Page.WaitForFunctionAsync(
            "() => { const r = document.querySelector('.mud-drawer').getBoundingClientRect(); return r.width === 0 || r.right <= 0; }");
        await Expect(alice.Page.Locator("#unread-elsewhere-dot")).ToHaveCountAsync(0);

        await bot.RequestAsync(new { type = "send", to = alice.Name, text = "psst" });

        await Expect(alice.Page.Locator("#unread-elsewhere-dot")).ToBeVisibleAsync();
        await alice.Page.ClickAsync("#drawer-toggle");
        await Expect(alice.Page.Locator("#unread-elsewhere-dot")).ToHaveCountAsync(0); // the drawer shows the count itself
        await Expect(alice.Page.Locator($"#people-list [data-user='{bot.User}'] .chat-unread")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task TheSound_IsOffByDefault_AndTheChoiceIsRemembered()
    {
        await using var alice = await browser.NewPersonAsync("alice");

        await alice.Page.ClickAsync("#notices-menu button");
        await Expect(alice.Page.Locator("#notices-sound")).ToContainTextAsync("Play a sound");
        await alice.Page.ClickAsync("#notices-sound");
        await WaitForAsync(alice.Page, "() => localStorage.getItem('blazorChat.sound') === 'on'");
        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);
        await alice.Page.ClickAsync("#notices-menu button");

        await Expect(alice.Page.Locator("#notices-sound")).ToContainTextAsync("Turn the sound off");
    }

    private static async Task WaitForAsync(IPage page, string condition) =>
        await page.WaitForFunctionAsync(condition, null, new() { Timeout = 15_000 });
}
