using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>Tabs, rooms, typing, scrolling and the phone layout, as people use them.</summary>
public sealed class ConversationsInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TwoTabs_BothShowTheDirectMessage_AndPresenceLastsUntilTheLastTabCloses()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var secondTab = await bob.Context.NewPageAsync();
        await secondTab.GotoAsync($"/dm/{alice.Name}");
        await Person.WaitUntilReadyAsync(secondTab);
        await bob.Page.ClickAsync($"#people-list [data-user='{alice.Name}']");
        var bobDot = alice.Page.Locator($"#people-list [data-user='{bob.Name}'] .chat-presence");
        var text = "both tabs " + Guid.NewGuid().ToString("N")[..6];

        await alice.Page.ClickAsync($"#people-list [data-user='{bob.Name}']");
        await alice.SendAsync(text);

        await Expect(bob.MessageWithText(text)).ToHaveCountAsync(1);
        await Expect(secondTab.Locator("#messages .chat-text", new() { HasTextString = text })).ToHaveCountAsync(1);
        await Expect(bobDot).ToHaveAttributeAsync("data-online", "true");
        await secondTab.CloseAsync();
        await Expect(alice.Page.Locator($"#people-list [data-user='{bob.Name}']")).ToBeVisibleAsync();
        await Expect(bobDot).ToHaveAttributeAsync("data-online", "true");
        await bob.Page.CloseAsync();
        await Expect(bobDot).ToHaveAttributeAsync("data-online", "false");
    }

    [Fact]
    public async Task Rooms_CreateJoinLeave_AndANonMemberSeesNoneOfTheRoom()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        await using var carol = await browser.NewPersonAsync("carol");
        var room = "ops-" + Guid.NewGuid().ToString("N")[..6];
        var inside = "members only " + room;

        await JoinAsync(alice, room);
        await JoinAsync(bob, room);
        await alice.SendAsync(inside);
        await Expect(bob.MessageWithText(inside)).ToHaveCountAsync(1);

        var barrier = "barrier " + room;
        await alice.Page.ClickAsync("#room-list [data-room='general']");
        await alice.SendAsync(barrier);
        await Expect(carol.MessageWithText(barrier)).ToHaveCountAsync(1);
        await Expect(carol.Page.GetByText(inside)).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator($"#room-list [data-room='{room}']")).ToHaveCountAsync(0);

        await bob.Page.ClickAsync($"[data-leave='{room}']");
        await Expect(bob.Page.Locator($"#room-list [data-room='{room}']")).ToHaveCountAsync(0);
        await alice.Page.ClickAsync($"#room-list [data-room='{room}']");
        await alice.SendAsync("after bob left " + room);
        await Expect(alice.MessageWithText("after bob left " + room)).ToHaveCountAsync(1);
        await bob.Page.GotoAsync($"/rooms/{room}");
        await Person.WaitUntilReadyAsync(bob.Page);
        await Expect(bob.Page.Locator("#conversation-error")).ToHaveAttributeAsync("data-code", "not_a_member");
        await Expect(bob.Page.GetByText("after bob left " + room)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TypingIndicator_AppearsWhileSomeoneTypes_AndGoesAway()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");

        await alice.Composer.ClickAsync();
        await alice.Page.Keyboard.TypeAsync("I am typing");

        var indicator = bob.Page.Locator("#typing-indicator");
        await Expect(indicator).ToContainTextAsync($"{alice.Name} is typing");
        await Expect(indicator).Not.ToContainTextAsync(alice.Name, new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Scrolling_OpensAtTheNewest_AndDoesNotYankAReaderWhoScrolledUp()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        var room = "busy-" + Guid.NewGuid().ToString("N")[..6];
        await JoinAsync(alice, room);
        // A bot fills the room: 200 messages over /ws (the scenario is about reading them, not typing them).
        using var api = browser.App.Api();
        await using var bot = await api.ConnectNewUserAsync(browser.App.SocketUri, "bot");
        await bot.RequestAsync(new { type = "join", room });
        for (var i = 1; i <= 200; i++)
        {
            Assert.True((await bot.RequestAsync(new { type = "send", room, text = $"message {i}" })).GetProperty("ok").GetBoolean());
        }

        await alice.Page.ReloadAsync();
        await Person.WaitUntilReadyAsync(alice.Page);
        var list = alice.Page.Locator("#messages");
        await Expect(alice.MessageWithText("message 200")).ToBeInViewportAsync();

        await list.EvaluateAsync("el => { el.scrollTop = 0; }");
        await Expect(alice.MessageWithText("message 150")).ToHaveCountAsync(1); // the older page came as she reached the top
        await Expect(alice.MessageWithText("message 200")).Not.ToBeInViewportAsync();
        var reading = alice.MessageWithText("message 151");
        var top = (await reading.BoundingBoxAsync())!.Y;
        await bot.RequestAsync(new { type = "send", room, text = "message 201" });

        var hint = alice.Page.Locator("#new-messages-hint");
        await Expect(hint).ToBeVisibleAsync();
        await Expect(alice.MessageWithText("message 201")).Not.ToBeInViewportAsync();
        Assert.True(Math.Abs((await reading.BoundingBoxAsync())!.Y - top) < 2, "the view jumped");
        await hint.ClickAsync();
        await Expect(alice.MessageWithText("message 201")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task PhoneWidth_TheDrawerHidesBehindTheMenuButton_AndChatStillWorks()
    {
        await using var alice = await browser.NewPersonAsync("alice", new ViewportSize { Width = 390, Height = 844 });
        var text = "from my phone " + Guid.NewGuid().ToString("N")[..6];

        await alice.Page.WaitForFunctionAsync(DrawerIsClosed);
        await alice.Page.ClickAsync("#drawer-toggle");
        await Expect(alice.Page.Locator("#room-list [data-room='general']")).ToBeInViewportAsync();
        await alice.Page.ClickAsync("#room-list [data-room='general']");
        await alice.Page.WaitForFunctionAsync(DrawerIsClosed);
        await alice.SendAsync(text);

        await Expect(alice.MessageWithText(text)).ToBeInViewportAsync();
        await Expect(alice.Composer).ToBeInViewportAsync();
        var width = await alice.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways at phone width ({width}px)");
    }

    [Fact]
    public async Task SigningOut_StopsEveryTabOfThatBrowser_FromReceivingMessages()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var secondTab = await bob.Context.NewPageAsync();
        await secondTab.GotoAsync("/");
        await Person.WaitUntilReadyAsync(secondTab);
        var bobDot = alice.Page.Locator($"#people-list [data-user='{bob.Name}'] .chat-presence");
        await Expect(bobDot).ToHaveAttributeAsync("data-online", "true");

        await bob.Page.ClickAsync("#sign-out");

        await Expect(bob.Page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(secondTab).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(bobDot).ToHaveAttributeAsync("data-online", "false");
        var after = "after sign-out " + Guid.NewGuid().ToString("N")[..6];
        await alice.SendAsync(after);
        await Expect(alice.MessageWithText(after)).ToHaveCountAsync(1);
        await Expect(secondTab.GetByText(after)).ToHaveCountAsync(0);
        await secondTab.GotoAsync("/");
        await Expect(secondTab).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task UnreadCounts_ShowInEveryTab_AndOpeningTheRoomInOneClearsTheOther()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var room = "news-" + Guid.NewGuid().ToString("N")[..6];
        await JoinAsync(bob, room);
        await bob.Page.ClickAsync("#room-list [data-room='general']");
        var secondTab = await bob.Context.NewPageAsync();
        await secondTab.GotoAsync("/");
        await Person.WaitUntilReadyAsync(secondTab);
        await JoinAsync(alice, room);

        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync($"news {i}");
            await Expect(alice.MessageWithText($"news {i}")).ToHaveCountAsync(1);
        }

        foreach (var tab in new[] { bob.Page, secondTab })
        {
            var link = tab.Locator($"#room-list [data-room='{room}']");
            await Expect(link.Locator(".chat-unread")).ToHaveTextAsync("3");
            await Expect(link).ToHaveAccessibleNameAsync(new Regex("3 unread"));
        }

        await bob.Page.ClickAsync($"#room-list [data-room='{room}']");
        await Expect(bob.MessageWithText("news 3")).ToHaveCountAsync(1);

        await Expect(secondTab.Locator($"#room-list [data-room='{room}'] .chat-unread")).ToHaveCountAsync(0);
    }

    // A closed drawer has no width on screen (MudBlazor collapses it, or slides it off the left edge).
    private const string DrawerIsClosed =
        "() => { const r = document.querySelector('.mud-drawer').getBoundingClientRect(); return r.width === 0 || r.right <= 0; }";

    private static async Task JoinAsync(Person person, string room)
    {
        var field = person.Page.Locator("#join-room input");
        await field.FillAsync(room);
        await field.PressAsync("Enter");
        await Expect(person.Page.Locator($"#room-list [data-room='{room}']")).ToHaveCountAsync(1);
        await Expect(person.Page).ToHaveURLAsync(new Regex($"/rooms/{room}$"));
    }
}
