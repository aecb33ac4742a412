using BlazorChat.Tests.Support;
using Microsoft.Playwright;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// The real app on Kestrel with its own temporary database, and Debian's Chromium driven by Playwright
/// (no browser download). One per test class; each person gets a separate browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly bool _startApp;
    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(startApp: true)
    {
    }

    /// <param name="startApp">False for a test that brings its own servers: <see cref="App"/> then starts on first use.</param>
    internal BrowserFixture(bool startApp) => _startApp = startApp;

    public ChatAppFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the suite saves screenshots of the main views; the test script prints it.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("BLAZORCHAT_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "blazorchat-screenshots");

    public async ValueTask InitializeAsync()
    {
        // Every expectation waits for its condition; on two cores running the whole suite at once, a server round trip
        // and a render can take longer than Playwright's 5 s default, so the deadline is wider (it never adds a wait).
        Assertions.SetDefaultExpectTimeout(15_000);
        if (_startApp)
        {
            App.EnsureStarted();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A new person in a browser context of their own, registered and signed in through the UI, whose pages are
    /// watched for Content-Security-Policy violations. <paramref name="cookies"/> are in the browser before it opens a
    /// page (e.g. a proxy's affinity cookie).
    /// </summary>
    public async Task<Person> NewPersonAsync(
        string prefix, ViewportSize? viewport = null, string? colorScheme = null, Uri? through = null,
        IEnumerable<Cookie>? cookies = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (through ?? App.BaseAddress).ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        if (cookies is not null)
        {
            await context.AddCookiesAsync(cookies);
        }

        var violations = await CspViolations.WatchAsync(context);
        var person = new Person(context, await context.NewPageAsync(), UniqueName(prefix), violations);
        await person.RegisterAsync();
        return person;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 6)];
}
