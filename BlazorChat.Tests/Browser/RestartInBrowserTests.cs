using BlazorChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>The server goes away and comes back on the same address and data: people keep chatting.</summary>
public sealed class RestartInBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();

    public ValueTask InitializeAsync() => _browser.InitializeAsync();

    [Fact]
    public async Task AfterAServerRestart_ThePageComesBack_AndThePersonChatsWithoutSigningInAgain()
    {
        var first = _browser.App;
        await using var alice = await _browser.NewPersonAsync("alice");
        await alice.SendAsync("before the restart");
        await Expect(alice.MessageWithText("before the restart")).ToHaveCountAsync(1);
        var seqBefore = long.Parse((await alice.MessageWithText("before the restart").GetAttributeAsync("data-seq"))!, System.Globalization.CultureInfo.InvariantCulture);

        first.KeepDataDirectory = true;
        var port = first.BaseAddress.Port;
        await first.DisposeAsync();
        var reconnecting = alice.Page.Locator("#components-reconnect-modal");
        await Expect(reconnecting).ToBeVisibleAsync(new() { Timeout = 30_000 }); // the person is told
        await using var second = new ChatAppFactory(first.DataDirectory, port);
        second.EnsureStarted();

        // The circuit died with the old process: the page comes back (reloading itself) on the same cookie.
        await Expect(reconnecting).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Person.WaitUntilReadyAsync(alice.Page);
        await Expect(alice.Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(alice.Page.Locator("#signed-in-user")).ToHaveTextAsync(alice.Name);
        await Expect(alice.MessageWithText("before the restart")).ToHaveCountAsync(1); // the history survived
        await alice.SendAsync("after the restart");
        await Expect(alice.MessageWithText("after the restart")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#composer-error")).ToHaveCountAsync(0);
        await Expect(alice.MessageWithText("after the restart")).ToHaveAttributeAsync("data-seq", $"{seqBefore + 1}"); // seq goes on
    }

    [Fact]
    public async Task APageThatLostItsConnection_ShowsEveryMissedMessageOnce_WhenItComesBack()
    {
        await using var alice = await _browser.NewPersonAsync("alice");
        await using var network = new TcpProxy(_browser.App.BaseAddress.Port);
        await using var bob = await _browser.NewPersonAsync("bob", through: network.BaseAddress);
        network.Cut(); // Bob's laptop drops off the network
        var reconnecting = bob.Page.Locator("#components-reconnect-modal");
        await Expect(reconnecting).ToBeVisibleAsync(new() { Timeout = 30_000 });

        for (var i = 1; i <= 20; i++)
        {
            await alice.SendAsync($"missed {i:00}");
        }

        await Expect(alice.Messages).ToHaveCountAsync(20);
        network.Restore();
        await Expect(reconnecting).ToBeHiddenAsync(new() { Timeout = 60_000 });

        var expected = Enumerable.Range(1, 20).Select(i => $"missed {i:00}").ToArray();
        await Expect(bob.Messages.Locator(".chat-text")).ToHaveTextAsync(expected);
    }

    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();
}
