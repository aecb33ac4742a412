using Microsoft.Playwright;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// One person at one browser: what they can see and do, through the UI only. Closing their browser fails the test if
/// any page of it met a Content-Security-Policy violation.
/// </summary>
public sealed class Person(IBrowserContext context, IPage page, string name, CspViolations cspViolations) : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public string Name { get; } = name;

    public CspViolations CspViolations { get; } = cspViolations;

    public ILocator Messages => Page.Locator("#messages .chat-message");

    public ILocator Composer => Page.Locator("#composer textarea");

    public async Task RegisterAsync()
    {
        await Page.GotoAsync("/account/register");
        await Page.FillAsync("#userName", Name);
        await Page.FillAsync("#password", Password);
        await Page.FillAsync("#confirmPassword", Password);
        await Page.ClickAsync("#register");
        await WaitUntilReadyAsync(Page);
    }

    /// <summary>Waits until the chat is interactive and subscribed, so typing is not lost to prerendering.</summary>
    public static Task WaitUntilReadyAsync(IPage page) =>
        Assertions.Expect(page.Locator("#chat-ready")).ToBeAttachedAsync(new() { Timeout = 20_000 });

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    public ILocator MessageWithText(string text) => Messages.Filter(new() { Has = Page.Locator(".chat-text", new() { HasTextString = text }) });

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        CspViolations.AssertNone();
    }
}
