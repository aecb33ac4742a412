using BlazorChat.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>A server restart neither blocks the page nor loses what the person was writing.</summary>
public sealed class RestartDraftInBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();

    public ValueTask InitializeAsync() => _browser.InitializeAsync();

    [Fact]
    public async Task DuringARestart_ABannerLeavesThePageUsable_AndTheDraftIsThereAfterwards()
    {
        var first = _browser.App;
        await using var alice = await _browser.NewPersonAsync("alice");
        await alice.SendAsync("before the restart");
        await Expect(alice.MessageWithText("before the restart")).ToHaveCountAsync(1);
        await alice.Composer.FillAsync("a draft that must survive");

        first.KeepDataDirectory = true;
        var port = first.BaseAddress.Port;
        await first.DisposeAsync();
        var banner = alice.Page.Locator("#components-reconnect-modal");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Not a modal: nothing behind it is inert, so the conversation can still be read, scrolled and written in.
        Assert.False(await banner.EvaluateAsync<bool>("b => b.matches(':modal')"));
        await alice.MessageWithText("before the restart").ClickAsync(new() { Timeout = 5_000 });
        await alice.Composer.ClickAsync(new() { Timeout = 5_000 });
        await alice.Composer.PressAsync("End");
        await alice.Composer.PressSequentiallyAsync(", even the end");
        await using var second = new ChatAppFactory(first.DataDirectory, port);
        second.EnsureStarted();

        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Person.WaitUntilReadyAsync(alice.Page);
        await Expect(alice.Composer).ToHaveValueAsync("a draft that must survive, even the end");
        await alice.Composer.PressAsync("Enter");
        await Expect(alice.MessageWithText("a draft that must survive, even the end")).ToHaveCountAsync(1);
    }

    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();
}
