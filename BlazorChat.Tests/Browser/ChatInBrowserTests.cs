using System.Text.RegularExpressions;
using BlazorChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>People using the chat in real browsers: circuits, the WebSocket, the DOM they see.</summary>
public sealed class ChatInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task General_MessagesAppearLiveForBoth_InOrder_WithSenderAndTime()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var first = "first " + Guid.NewGuid().ToString("N")[..6];
        var second = "second " + Guid.NewGuid().ToString("N")[..6];

        await alice.SendAsync(first);
        await bob.SendAsync(second);

        foreach (var person in new[] { alice, bob })
        {
            var mine = person.MessageWithText(first);
            await Expect(mine).ToHaveCountAsync(1);
            await Expect(person.MessageWithText(second)).ToHaveCountAsync(1);
            var texts = await person.Messages.Locator(".chat-text").AllInnerTextsAsync();
            Assert.True(texts.ToList().IndexOf(first) < texts.ToList().IndexOf(second), "messages out of order");
            await Expect(mine.Locator(".chat-time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d\d-\d\dT"));
        }

        await Expect(bob.MessageWithText(first).Locator(".chat-sender")).ToHaveTextAsync(alice.Name);
        await Expect(alice.MessageWithText(first)).ToHaveClassAsync(new Regex(@"\bmine\b"));
        await Expect(bob.MessageWithText(first)).Not.ToHaveClassAsync(new Regex(@"\bmine\b"));
    }

    [Fact]
    public async Task DirectMessage_FromThePeopleList_ReachesBob_AndCarolSeesNothingOfIt()
    {
        await using var bob = await browser.NewPersonAsync("bob");
        await using var carol = await browser.NewPersonAsync("carol");
        await using var alice = await browser.NewPersonAsync("alice");
        var secret = "for bob only " + Guid.NewGuid().ToString("N")[..6];

        await alice.Page.ClickAsync($"#people-list [data-user='{bob.Name}']");
        await Expect(alice.Page.Locator("#conversation-title")).ToHaveTextAsync(bob.Name);
        await alice.SendAsync(secret);

        // Bob is in general, yet learns who wrote: an unread badge by Alice's name.
        await Expect(bob.Page.Locator($"#people-list [data-user='{alice.Name}'] .chat-unread")).ToHaveTextAsync("1");
        await bob.Page.ClickAsync($"#people-list [data-user='{alice.Name}']");
        await Expect(bob.MessageWithText(secret).Locator(".chat-sender")).ToHaveTextAsync(alice.Name);

        // Carol: a later broadcast arrives, the DM never does — not in general, not as a badge, not in her DM with Alice.
        var barrier = "barrier " + Guid.NewGuid().ToString("N")[..6];
        await alice.Page.ClickAsync("#room-list [data-room='general']");
        await alice.SendAsync(barrier);
        await Expect(carol.MessageWithText(barrier)).ToHaveCountAsync(1);
        await Expect(carol.Page.GetByText(secret)).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator("#people-list .chat-unread")).ToHaveCountAsync(0);
        await carol.Page.ClickAsync($"#people-list [data-user='{alice.Name}']");
        await Expect(carol.Page.Locator("#conversation-title")).ToHaveTextAsync(alice.Name);
        await Expect(carol.Page.GetByText(secret)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SocketClient_AndBrowser_TalkBothWays()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        using var api = browser.App.Api();
        await using var bot = await api.ConnectNewUserAsync(browser.App.SocketUri, "bot");
        var fromBot = "beep " + Guid.NewGuid().ToString("N")[..6];
        var fromAlice = "hello bot " + Guid.NewGuid().ToString("N")[..6];

        var reply = await bot.RequestAsync(new { type = "send", room = "general", text = fromBot });
        await Expect(alice.MessageWithText(fromBot).Locator(".chat-sender")).ToHaveTextAsync(bot.User);
        await alice.SendAsync(fromAlice);
        var received = await bot.ReceiveTypeAsync("message", m => m.GetProperty("text").GetString() == fromAlice);

        Assert.True(reply.GetProperty("ok").GetBoolean());
        Assert.Equal(alice.Name, received.GetProperty("from").GetString());
        Assert.Equal("general", received.GetProperty("room").GetString());
    }

    [Fact]
    public async Task HostileText_IsShownAsText_RunsNoScript_AndDoesNotBreakTheLayout()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var dialogs = 0;
        bob.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        string[] hostile =
        [
            "<img src=x onerror=alert(1)>",
            "<script>alert('x')</script>",
            new string('W', 4000),
            "emoji 👩‍👩‍👧‍👦🎉 and right-to-left: שלום עולם مرحبا",
        ];

        foreach (var text in hostile)
        {
            await alice.SendAsync(text);
        }

        foreach (var text in hostile)
        {
            await Expect(bob.Messages.Locator(".chat-text").Filter(new() { HasTextString = text[..Math.Min(20, text.Length)] }))
                .ToHaveCountAsync(1);
        }

        await Expect(bob.MessageWithText("<img src=x onerror=alert(1)>")).ToHaveCountAsync(1);
        Assert.Equal(0, await bob.Page.Locator("#messages img, #messages script").CountAsync());
        Assert.Equal(0, dialogs);
        var pageWidth = await bob.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var viewportWidth = await bob.Page.EvaluateAsync<int>("window.innerWidth");
        Assert.True(pageWidth <= viewportWidth, $"the page scrolls sideways: {pageWidth} > {viewportWidth}");
    }

    [Fact]
    public async Task Keyboard_EnterSends_ShiftEnterAddsALine_AndFocusStaysInTheComposer()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var tag = Guid.NewGuid().ToString("N")[..6];

        await alice.Composer.ClickAsync();
        await alice.Page.Keyboard.TypeAsync("line one " + tag);
        await alice.Page.Keyboard.PressAsync("Shift+Enter");
        await alice.Page.Keyboard.TypeAsync("line two");
        await Expect(alice.Composer).ToHaveValueAsync($"line one {tag}\nline two");
        await alice.Page.Keyboard.PressAsync("Enter");

        var sent = alice.MessageWithText("line one " + tag);
        await Expect(sent).ToHaveCountAsync(1);
        Assert.Equal($"line one {tag}\nline two", await sent.Locator(".chat-text").InnerTextAsync());
        await Expect(alice.Composer).ToHaveValueAsync("");
        await Expect(alice.Composer).ToBeFocusedAsync();
        await alice.Page.Keyboard.TypeAsync("next " + tag);
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.MessageWithText("next " + tag)).ToHaveCountAsync(1);
    }
}
