using BlazorChat.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// The Content-Security-Policy in a real browser: script that gets into a page does not run, and the chat itself
/// runs under the policy without a single violation (which every other browser test checks too, on teardown).
/// </summary>
public sealed class SecurityHeadersInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnInjectedInlineScript_DoesNotRun_AndIsReportedAsAViolation()
    {
        await using var alice = await browser.NewPersonAsync("alice");

        // Playwright may rethrow the refusal it sees in the console; what matters is what the browser did.
        await Record.ExceptionAsync(() => alice.Page.AddScriptTagAsync(new() { Content = "window.__injected = true;" }));

        var violations = await alice.CspViolations.TakeAsync();
        Assert.Contains(violations, v => v.StartsWith("script-src-elem refused inline", StringComparison.Ordinal));
        Assert.False(await alice.Page.EvaluateAsync<bool>("window.__injected === true"));
    }

    [Fact]
    public async Task InjectedMarkupWithAnEventHandler_DoesNotRunIt_AndIsReportedAsAViolation()
    {
        await using var alice = await browser.NewPersonAsync("alice");

        // The classic payload, as if a message's HTML had escaped sanitising: the image fails, its onerror may not run.
        await alice.Page.EvaluateAsync("""
            document.body.insertAdjacentHTML("beforeend", `<img src="/no-such-image.png" onerror="window.__injected = true">`)
            """);

        var violations = await alice.CspViolations.TakeAsync();
        Assert.Contains(violations, v => v.StartsWith("script-src-attr refused inline", StringComparison.Ordinal));
        Assert.False(await alice.Page.EvaluateAsync<bool>("window.__injected === true"));
    }

    [Fact]
    public async Task Chat_SendsAndReceives_UnderThePolicy_OverAWebSocketCircuit()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");

        // A fresh load of the chat, to see the policy it was served with and the circuit's socket open under it.
        IResponse? page = null;
        var circuit = await alice.Page.RunAndWaitForWebSocketAsync(
            async () => page = await alice.Page.ReloadAsync(),
            new() { Predicate = socket => socket.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Person.WaitUntilReadyAsync(alice.Page);

        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, await page!.HeaderValueAsync("content-security-policy"));
        Assert.StartsWith("ws://", circuit.Url, StringComparison.Ordinal);
        var hello = "hello " + Guid.NewGuid().ToString("N")[..6];
        var reply = "reply " + Guid.NewGuid().ToString("N")[..6];
        await alice.SendAsync(hello);
        await Expect(bob.MessageWithText(hello)).ToHaveCountAsync(1);
        await bob.SendAsync(reply);
        await Expect(alice.MessageWithText(reply)).ToHaveCountAsync(1);
    }
}
