using System.Text.RegularExpressions;
using BlazorChat.Tests.Rendering;
using BlazorChat.Web.Rendering;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>Formatted messages in Chromium: what people type is formatted, and nothing anyone types runs.</summary>
public sealed class MarkdownInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Lists what in the rendered messages is outside the allow-list: elements, attributes, links.
    private const string AllowListViolations = """
        ([tags, attributes, rel]) => {
          const allowedTags = new Set(tags), allowedAttributes = new Set(attributes), bad = [];
          for (const text of document.querySelectorAll("#messages .chat-markdown")) {
            for (const el of text.querySelectorAll("*")) {
              if (!allowedTags.has(el.localName) || el.namespaceURI !== "http://www.w3.org/1999/xhtml") bad.push(`<${el.localName}>`);
              for (const a of el.attributes) if (!allowedAttributes.has(a.name)) bad.push(`${el.localName}[${a.name}]`);
              if (el.localName === "a") {
                if (el.getAttribute("rel") !== rel || el.getAttribute("target") !== "_blank") bad.push(`a without rel/target: ${el.outerHTML}`);
                const href = el.getAttribute("href");
                if (href !== null) {
                  let scheme = null;
                  try { scheme = new URL(href).protocol; } catch { }
                  if (!["http:", "https:", "mailto:"].includes(scheme)) bad.push(`href ${href}`);
                }
              }
            }
          }
          return bad;
        }
        """;

    [Fact]
    public async Task TheXssCorpus_PostedAsMessages_RunsNothing_AndLeavesOnlyAllowListedMarkup()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var dialogs = 0;
        alice.Page.Dialog += (_, dialog) => { Interlocked.Increment(ref dialogs); _ = dialog.DismissAsync(); };
        using var api = browser.App.Api();
        await using var bot = await api.ConnectNewUserAsync(browser.App.SocketUri, "xss");

        foreach (var payload in XssCorpus.Payloads)
        {
            var reply = await bot.RequestAsync(new { type = "send", room = "general", text = payload });
            Assert.True(reply.GetProperty("ok").GetBoolean(), payload);
        }

        var done = "corpus done " + Guid.NewGuid().ToString("N")[..6];
        await bot.RequestAsync(new { type = "send", room = "general", text = done });
        await Expect(alice.MessageWithText(done)).ToHaveCountAsync(1);
        var fromBot = await alice.Page.EvaluateAsync<int>(
            "user => [...document.querySelectorAll('#messages .chat-message .chat-sender')].filter(s => s.textContent === user).length",
            bot.User);
        Assert.Equal(XssCorpus.Payloads.Count + 1, fromBot);

        // Whatever handlers might have survived get their chance: hover, focus and toggle everything in the messages.
        await alice.Page.EvaluateAsync("""
            () => { for (const el of document.querySelectorAll("#messages .chat-markdown *")) {
              for (const type of ["mouseover", "mouseenter", "focus", "toggle", "load", "error"]) el.dispatchEvent(new Event(type));
            } }
            """);
        await Expect(alice.MessageWithText(done)).ToHaveCountAsync(1); // a round trip after the events
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), "a payload ran");
        Assert.Equal(0, dialogs);
        var violations = await alice.Page.EvaluateAsync<string[]>(AllowListViolations,
            new object[] { MarkupSanitizer.Tags.ToArray(), MarkupSanitizer.Attributes.ToArray(), MarkupSanitizer.LinkRel });
        Assert.Empty(violations);
        Assert.Equal(0, await alice.Page.Locator("#messages .chat-message :is(script, img, math, iframe, object, embed, style, form, input)").CountAsync());
        Assert.Equal(0, await alice.Page.Locator("#messages .chat-markdown svg").CountAsync()); // the actions' icons are svg
    }

    [Fact]
    public async Task TheFormattingPeopleType_IsShown_AndACodeBlockScrollsInsideItsBubble()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var longLine = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"token{i}"));

        await alice.SendAsync($"**bold {tag}** and `inline` <b>raw {tag}</b> see https://example.com/{tag}\n```\n{longLine}\n```");

        var message = bob.MessageWithText($"bold {tag}");
        await Expect(message.Locator("strong")).ToHaveTextAsync($"bold {tag}", new() { Timeout = 15_000 }); // a busy machine
        await Expect(message.Locator("p > code")).ToHaveTextAsync("inline");
        await Expect(message.Locator(".chat-text")).ToContainTextAsync($"<b>raw {tag}</b>");
        Assert.Equal(0, await message.Locator(".chat-text b").CountAsync());
        var link = message.Locator("a");
        await Expect(link).ToHaveAttributeAsync("href", $"https://example.com/{tag}");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        var pre = message.Locator("pre");
        await Expect(pre).ToHaveTextAsync(new Regex("token0 token1 .* token39"));
        Assert.True(await pre.EvaluateAsync<bool>("p => p.scrollWidth > p.clientWidth"), "the long line should scroll inside the block");
        var pageWidth = await bob.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var viewportWidth = await bob.Page.EvaluateAsync<int>("window.innerWidth");
        Assert.True(pageWidth <= viewportWidth, $"the page scrolls sideways: {pageWidth} > {viewportWidth}");
    }
}
