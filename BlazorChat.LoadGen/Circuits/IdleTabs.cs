using Microsoft.Playwright;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// Headless Chromium (Debian's <c>/usr/bin/chromium</c>, launched as the browser tests launch it: nothing is
/// downloaded), one browser with a context per user, each holding one chat tab — one Blazor circuit — left idle.
/// Disposing closes the browser, and with it every circuit.
/// </summary>
internal sealed class IdleTabs : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // Pages share renderer processes, so a few hundred tabs fit in the client's memory; the server sees no difference.
        "--renderer-process-limit=8",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;
    private readonly List<IBrowserContext> _contexts = [];

    private IdleTabs(IPlaywright playwright, IBrowser browser, Uri baseAddress) =>
        (_playwright, _browser, _baseAddress) = (playwright, browser, baseAddress);

    /// <summary>How many tabs are open.</summary>
    public int Count => _contexts.Count;

    /// <summary>The browser's own processes (<c>chromium</c> and its renderers), for the client's side of the cost.</summary>
    public static string ProcessName => "chromium";

    public static async Task<IdleTabs> LaunchAsync(Uri baseAddress)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArgs,
            });
            return new IdleTabs(playwright, browser, baseAddress);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the chat as <paramref name="user"/>, already signed in by <paramref name="cookies"/>, and returns once its
    /// circuit is connected and subscribed and the first interactive render is done (the page's <c>#chat-ready</c>).
    /// </summary>
    public async Task OpenAsync(IReadOnlyList<System.Net.Cookie> cookies, TimeSpan deadline)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, // a desktop: the drawer with rooms and people is open
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        await context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = _baseAddress.Host,
            Path = c.Path,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
        }));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#chat-ready").WaitForAsync(new LocatorWaitForOptions
        {
            State = WaitForSelectorState.Attached,
            Timeout = (float)deadline.TotalMilliseconds,
        });
        // The drawer's people list renders once presence is known: wait for it too, so that the idle page is whole.
        await page.Locator("#people-list").WaitForAsync(new LocatorWaitForOptions
        {
            State = WaitForSelectorState.Attached,
            Timeout = (float)deadline.TotalMilliseconds,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
