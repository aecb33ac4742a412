using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>Two people changing messages in real browsers: edits, deletes, reactions, replies, threads and mentions.</summary>
public sealed class MessageActionsInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnEditByArrowUp_AndADeleteAfterAsking_ReachTheOtherPersonLive()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var tag = Tag();
        await alice.SendAsync("meet at 3 " + tag);
        await Expect(bob.MessageWithText("meet at 3 " + tag)).ToHaveCountAsync(1);

        await alice.Composer.PressAsync("ArrowUp"); // the box is empty after sending: edit my last message
        var editor = alice.Page.Locator("#messages .chat-editor textarea");
        await Expect(editor).ToBeFocusedAsync();
        await Expect(editor).ToHaveValueAsync("meet at 3 " + tag);
        await editor.FillAsync("meet at 4 " + tag);
        await editor.PressAsync("Enter");

        var edited = bob.MessageWithText("meet at 4 " + tag);
        await Expect(edited.Locator(".chat-edited")).ToHaveTextAsync("edited");
        await Expect(bob.MessageWithText("meet at 3 " + tag)).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator(".chat-editor")).ToHaveCountAsync(0);
        await Expect(alice.Composer).ToBeFocusedAsync();

        var mine = alice.MessageWithText("meet at 4 " + tag);
        await mine.HoverAsync();
        await mine.Locator("[data-action='delete']").ClickAsync();
        await Expect(mine.Locator(".chat-delete-question")).ToHaveTextAsync("Delete this message?");
        await mine.Locator("[data-action='confirm-delete']").ClickAsync();

        var deleted = bob.Messages.Filter(new() { Has = bob.Page.Locator(".chat-deleted") });
        await Expect(deleted).ToHaveCountAsync(1);
        await Expect(deleted.Locator(".chat-deleted")).ToHaveTextAsync("message deleted");
        await Expect(bob.Page.GetByText("meet at 4 " + tag)).ToHaveCountAsync(0);
        await Expect(deleted.Locator(".chat-actions")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AReactionFromThePicker_ShowsForBoth_WithWho_AndAClickOnTheChipAddsMine()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var text = "deployed " + Tag();
        await alice.SendAsync(text);

        var atBob = bob.MessageWithText(text);
        await Expect(atBob.Locator(".chat-actions")).ToHaveCSSAsync("opacity", "0");
        await atBob.Locator("[data-action='reply']").FocusAsync(); // reached by the keyboard: the actions show
        await Expect(atBob.Locator(".chat-actions")).ToHaveCSSAsync("opacity", "1");
        await atBob.HoverAsync();
        await atBob.Locator("[data-action='react']").ClickAsync();
        await bob.Page.Locator(".chat-emoji[data-emoji='🎉']").ClickAsync();

        var chipAtAlice = alice.MessageWithText(text).Locator(".chat-reaction");
        await Expect(chipAtAlice.Locator(".chat-reaction-count")).ToHaveTextAsync("1");
        await Expect(chipAtAlice).ToHaveAttributeAsync("title", $"{bob.Name} reacted with 🎉");
        await Expect(chipAtAlice).Not.ToHaveClassAsync(new Regex(@"\bmine\b"));
        await Expect(atBob.Locator(".chat-reaction")).ToHaveClassAsync(new Regex(@"\bmine\b"));

        await chipAtAlice.ClickAsync();

        await Expect(chipAtAlice.Locator(".chat-reaction-count")).ToHaveTextAsync("2");
        await Expect(chipAtAlice).ToHaveClassAsync(new Regex(@"\bmine\b"));
        await Expect(atBob.Locator(".chat-reaction .chat-reaction-count")).ToHaveTextAsync("2");
        await Expect(atBob.Locator(".chat-reaction")).ToHaveAttributeAsync("title", $"you, {alice.Name} reacted with 🎉");
        await atBob.HoverAsync();
        await SaveAsync(bob.Page, "reactions-desktop");
    }

    [Fact]
    public async Task AReply_QuotesItsRoot_CountsOnIt_AndTheThreadPanelAnswersInTheThread()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var tag = Tag();
        await alice.SendAsync("who takes the on-call? " + tag);

        var root = bob.MessageWithText("who takes the on-call? " + tag);
        await root.HoverAsync();
        await root.Locator("[data-action='reply']").ClickAsync();
        await Expect(bob.Page.Locator("#reply-banner")).ToContainTextAsync(alice.Name);
        await bob.Composer.FillAsync("me " + tag);
        await bob.Composer.PressAsync("Enter");

        var reply = alice.MessageWithText("me " + tag);
        await Expect(reply.Locator(".chat-reply-author")).ToHaveTextAsync(alice.Name);
        await Expect(reply.Locator(".chat-reply-line")).ToHaveTextAsync("who takes the on-call? " + tag);
        var count = alice.MessageWithText("who takes the on-call? " + tag).Locator(".chat-thread-link");
        await Expect(count).ToHaveTextAsync("1 reply");

        await count.ClickAsync();
        var panel = alice.Page.Locator("#thread-panel");
        await Expect(panel.Locator(".chat-text")).ToHaveTextAsync(["who takes the on-call? " + tag, "me " + tag]);
        var threadBox = alice.Page.Locator("#thread-composer textarea");
        await threadBox.FillAsync("thanks " + tag);
        await threadBox.PressAsync("Enter");

        await Expect(bob.MessageWithText("who takes the on-call? " + tag).Locator(".chat-thread-link")).ToHaveTextAsync("2 replies");
        await Expect(bob.MessageWithText("thanks " + tag).Locator(".chat-reply-author")).ToHaveTextAsync(alice.Name);
        await Expect(panel.Locator(".chat-text")).ToHaveCountAsync(3);
        await Expect(panel.Locator("#thread-count")).ToHaveTextAsync("2 replies");
        await SaveAsync(alice.Page, "thread-desktop");
    }

    [Fact]
    public async Task AMentionPickedFromTheSuggestions_HighlightsTheMessage_ForThePersonMentioned()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var tag = Tag();

        await bob.Composer.ClickAsync();
        await bob.Page.Keyboard.TypeAsync("ping @" + alice.Name[..^1]);
        var option = bob.Page.Locator($"#mention-suggestions [data-user='{alice.Name}']");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await bob.Page.Keyboard.PressAsync("Tab");
        await Expect(bob.Composer).ToHaveValueAsync($"ping @{alice.Name} ");
        await Expect(bob.Composer).ToBeFocusedAsync();
        await bob.Page.Keyboard.TypeAsync(tag);
        await bob.Page.Keyboard.PressAsync("Enter");

        await Expect(alice.MessageWithText(tag)).ToHaveClassAsync(new Regex(@"\bmentions-me\b"));
        await Expect(bob.MessageWithText(tag)).Not.ToHaveClassAsync(new Regex(@"\bmentions-me\b"));
    }

    [Fact]
    public async Task OnAPhone_TheMoreButtonOpensTheActions_AndTheThreadFillsTheScreen()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var bob = await browser.NewPersonAsync("bob");
        var tag = Tag();
        await alice.SendAsync("anyone for lunch? " + tag);
        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
            StorageState = await bob.Context.StorageStateAsync(),
        });
        var bobPhone = await phone.NewPageAsync();
        await bobPhone.GotoAsync("/");
        await Person.WaitUntilReadyAsync(bobPhone);
        var root = bobPhone.Locator("#messages .chat-message").Filter(new() { HasTextString = "anyone for lunch? " + tag });

        await Expect(root.Locator("[data-action='more']")).ToBeVisibleAsync(); // no hover on a touch screen
        await Expect(root.Locator("[data-action='reply']")).Not.ToBeVisibleAsync();
        await root.Locator("[data-action='more']").TapAsync();
        await root.Locator("[data-action='reply']").TapAsync();
        var box = bobPhone.Locator("#composer textarea");
        await box.FillAsync("yes " + tag);
        await box.PressAsync("Enter");
        await Expect(alice.MessageWithText("yes " + tag).Locator(".chat-reply-author")).ToHaveTextAsync(alice.Name);

        await root.Locator(".chat-thread-link").TapAsync();
        var panel = bobPhone.Locator("#thread-panel");
        await Expect(panel.Locator(".chat-text")).ToHaveCountAsync(2);
        var bounds = (await panel.BoundingBoxAsync())!;
        Assert.Equal((0, 0, 390, 844), ((int)bounds.X, (int)bounds.Y, (int)bounds.Width, (int)bounds.Height));
        await SaveAsync(bobPhone, "thread-phone");
        await bobPhone.Locator("#thread-close").TapAsync();
        await Expect(panel).ToHaveCountAsync(0);
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png") });
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..6];
}
