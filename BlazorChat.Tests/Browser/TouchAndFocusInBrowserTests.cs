using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// Keyboard and touch: a visible focus ring on the drawer's links and the app bar's buttons, controls a thumb can hit
/// on a phone, avatars that tell people apart, and a message log the keyboard reaches.
/// </summary>
public sealed class TouchAndFocusInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Every control the person can tap that is smaller than 44 x 44 CSS px (WCAG 2.5.5), as "selector WxH".
    private const string SmallTargets = """
        () => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea, select, [tabindex]:not([tabindex="-1"]), [role=button]')]
          .filter(e => !e.closest('[aria-hidden=true], .chat-visually-hidden') && e.getClientRects().length > 0
            && getComputedStyle(e).visibility !== 'hidden')
          .map(e => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
          .map(({ e, r }) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].slice(0, 3).join('.')} ${Math.round(r.width)}x${Math.round(r.height)}`)
        """;

    [Fact]
    public async Task OnAPhone_EveryControl_IsAtLeast44By44_WithTheDrawerClosedAndOpen()
    {
        await using var bob = await browser.NewPersonAsync("bob");
        await using var alice = await browser.NewPersonAsync("alice");
        // A room besides general, so the drawer shows a Leave button.
        using var api = browser.App.Api();
        await using (var socket = await BlazorChat.Tests.Support.TestSocket.ConnectAsync(browser.App.SocketUri, await api.TokenAsync(bob.Name)))
        {
            await socket.RequestAsync(new { type = "join", room = "release" });
        }

        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            StorageState = await bob.Context.StorageStateAsync(),
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        await Person.WaitUntilReadyAsync(page);
        await page.Locator("#messages").WaitForAsync();

        var closed = await page.EvaluateAsync<string[]>(SmallTargets);
        await page.ClickAsync("#drawer-toggle");
        await Expect(page.Locator("#room-list [data-room='release']")).ToBeVisibleAsync();
        var open = await page.EvaluateAsync<string[]>(SmallTargets);

        Assert.True(closed.Length == 0, "too small with the drawer closed: " + string.Join(", ", closed));
        Assert.True(open.Length == 0, "too small with the drawer open: " + string.Join(", ", open));
    }

    [Theory]
    [InlineData("#theme-toggle")]
    [InlineData("#drawer-toggle")]
    [InlineData("#room-list a[data-room='general']")]
    [InlineData("#messages")]
    public async Task KeyboardFocus_ShowsAClearRing(string selector)
    {
        await using var alice = await browser.NewPersonAsync("alice");

        var focused = await TabToAsync(alice.Page, selector);

        Assert.True(focused, $"Tab never reached {selector}");
        var outline = await alice.Page.EvaluateAsync<JsonElement>(
            "() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; }");
        Assert.NotEqual("none", outline.GetProperty("style").GetString());
        Assert.True(outline.GetProperty("width").GetDouble() >= 2, $"a {outline.GetProperty("width")} px outline");
    }

    [Fact]
    public async Task AConversationThatOpens_TakesTheFocusOnlyIfTheKeyboardHasNotPutItElsewhere()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        Assert.True(await TabToAsync(alice.Page, "#theme-toggle"), "Tab never reached the theme toggle");

        // What the composer asks of chat.js when the page's first conversation renders: on arrival, then on a switch.
        var focused = await alice.Page.EvaluateAsync<string[]>("""
            () => {
              const host = document.querySelector('#composer');
              blazorChat.focusComposer(host, true, true);
              const onArrival = document.activeElement.id || document.activeElement.tagName;
              blazorChat.focusComposer(host, true, false);
              return [onArrival, document.activeElement.tagName];
            }
            """);

        Assert.Equal(["theme-toggle", "TEXTAREA"], focused);
    }

    [Fact]
    public async Task EveryAvatarColour_KeepsItsWhiteInitialReadable()
    {
        await using var alice = await browser.NewPersonAsync("alice");

        // The contrast of each colour of app.css with its initial, as the browser computes them (WCAG 2 formula).
        var ratios = await alice.Page.EvaluateAsync<double[]>("""
            count => [...Array(count).keys()].map(i => {
              const span = document.createElement('span');
              span.className = `chat-avatar chat-avatar-${i}`;
              document.body.appendChild(span);
              const s = getComputedStyle(span), lum = c => {
                const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(v => v / 255)
                  .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
              };
              const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
              span.remove();
              return (a + 0.05) / (b + 0.05);
            })
            """, BlazorChat.Web.Components.Chat.AvatarColor.Count);

        Assert.Equal(BlazorChat.Web.Components.Chat.AvatarColor.Count, ratios.Length);
        Assert.All(ratios, r => Assert.True(r >= 4.5, $"contrast {r:F2}:1"));
        Assert.True(ratios.Distinct().Count() == ratios.Length, "two avatar colours are the same");
    }

    private static async Task<bool> TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return true;
            }
        }

        return false;
    }
}
