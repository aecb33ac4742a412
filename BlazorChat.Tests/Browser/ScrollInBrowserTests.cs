using System.Text.RegularExpressions;
using BlazorChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>Reading long conversations: a bounded list that pages as the reader scrolls, and a position that survives a lost circuit.</summary>
public sealed class ScrollInBrowserTests : IAsyncLifetime
{
    // What "the page holds a bounded number of messages" means here: four pages of 50, plus slack.
    private const int MaxBubbles = 250;

    private readonly BrowserFixture _browser = new();

    public ValueTask InitializeAsync() => _browser.InitializeAsync();

    [Fact]
    public async Task AHundredThousandMessages_OpenAtTheNewest_PageUpAsTheReaderScrolls_StayBounded_AndJumpBack()
    {
        const int total = 100_000;
        var room = "long-" + Guid.NewGuid().ToString("N")[..6];
        await _browser.App.SeedRoomAsync(room, total);
        await using var alice = await _browser.NewPersonAsync("alice");
        await JoinAsync(alice, room);

        await Expect(Bubble(alice, total)).ToBeInViewportAsync();
        var opened = await SeqsAsync(alice);
        AssertConsecutive(opened);
        Assert.Equal(total, opened[^1]);

        var list = alice.Page.Locator("#messages");
        for (var round = 1; round <= 8; round++)
        {
            var first = (await SeqsAsync(alice))[0];
            await list.EvaluateAsync("el => { el.scrollTop = 0; }");
            var reading = await OffsetAsync(alice, first);

            await Expect(Bubble(alice, first - 1)).ToBeAttachedAsync(); // the page before arrived by itself

            // What the reader was looking at did not move, however much was added above it or dropped below.
            Assert.InRange(await OffsetAsync(alice, first), reading - 2, reading + 2);
            var seqs = await SeqsAsync(alice);
            AssertConsecutive(seqs);
            Assert.True(seqs.Length <= MaxBubbles, $"{seqs.Length} messages in the page after {round} pages up");
        }

        var scrolledBack = await SeqsAsync(alice);
        Assert.True(scrolledBack[0] <= opened[0] - (8 * 50), $"only back to {scrolledBack[0]}");
        await Expect(Bubble(alice, total)).ToHaveCountAsync(0); // the newest left the page

        await alice.Page.ClickAsync("#jump-to-newest");

        await Expect(Bubble(alice, total)).ToBeInViewportAsync();
        await Expect(alice.Page.Locator("#jump-to-newest")).ToHaveCountAsync(0);
        var back = await SeqsAsync(alice);
        AssertConsecutive(back);
        Assert.Equal(total, back[^1]);
        Assert.True(back.Length <= MaxBubbles);
    }

    [Fact]
    public async Task AReaderWhoScrolledUp_AndLostTheCircuit_ComesBackToTheSameMessage_AndFindsEveryMissedMessageOnce()
    {
        var room = "saga-" + Guid.NewGuid().ToString("N")[..6];
        await _browser.App.SeedRoomAsync(room, 300);
        await using var network = new TcpProxy(_browser.App.BaseAddress.Port);
        await using var bob = await _browser.NewPersonAsync("bob", through: network.BaseAddress);
        await JoinAsync(bob, room);
        await Expect(Bubble(bob, 300)).ToBeInViewportAsync();

        // Bob scrolls back to message 120 and reads it, a third of the way down the list.
        var list = bob.Page.Locator("#messages");
        while (await Bubble(bob, 120).CountAsync() == 0)
        {
            var first = (await SeqsAsync(bob))[0];
            await list.EvaluateAsync("el => { el.scrollTop = 0; }");
            await Expect(Bubble(bob, first - 1)).ToBeAttachedAsync();
        }

        await Bubble(bob, 120).EvaluateAsync(
            "m => { const list = m.closest('#messages'); list.scrollTop += m.getBoundingClientRect().top - list.getBoundingClientRect().top - list.clientHeight / 3; }");
        await Expect(Bubble(bob, 120)).ToBeInViewportAsync();
        await bob.Page.WaitForFunctionAsync(SavedPositionIsCurrent, $"blazorChat.scroll:{bob.Name}:#{room}");
        var reading = await OffsetAsync(bob, 120);

        // His laptop drops off the network, and the server restarts meanwhile: that circuit is gone for good.
        network.Cut();
        var reconnecting = bob.Page.Locator("#components-reconnect-modal");
        await Expect(reconnecting).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var old = _browser.App;
        old.KeepDataDirectory = true;
        var port = old.BaseAddress.Port;
        await old.DisposeAsync();
        await using var restarted = new ChatAppFactory(old.DataDirectory, port);
        restarted.EnsureStarted();
        using var api = restarted.Api();
        await using var bot = await api.ConnectNewUserAsync(restarted.SocketUri, "bot");
        Assert.True((await bot.RequestAsync(new { type = "join", room })).GetProperty("ok").GetBoolean());
        for (var i = 1; i <= 20; i++)
        {
            Assert.True((await bot.RequestAsync(new { type = "send", room, text = $"missed {i:00}" })).GetProperty("ok").GetBoolean());
        }

        await bob.Page.EvaluateAsync("() => { window.chatTestOldPage = true; }");
        network.Restore();

        // The page comes back as a new page (it reloads itself) on a new circuit.
        await bob.Page.WaitForFunctionAsync(
            "() => !window.chatTestOldPage && document.getElementById('chat-ready') !== null", null, new() { Timeout = 60_000 });
        await Expect(Bubble(bob, 120)).ToBeInViewportAsync();
        try
        {
            await bob.Page.WaitForFunctionAsync(
                "([seq, y]) => { const m = document.querySelector(`#messages .chat-message[data-seq=\"${seq}\"]`); const list = document.getElementById('messages');"
                + " return m && Math.abs(m.getBoundingClientRect().top - list.getBoundingClientRect().top - y) <= 4; }",
                new object[] { 120, reading }, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // reported below, with the position it has
        }

        Assert.InRange(await OffsetAsync(bob, 120), reading - 4, reading + 4);
        AssertConsecutive(await SeqsAsync(bob));

        // Scrolling down reads on to the end: every missed message, once, in order, and nothing missing before them.
        for (var i = 0; i < 20 && await list.GetAttributeAsync("data-has-newer") == "true"; i++)
        {
            var last = (await SeqsAsync(bob))[^1];
            await list.EvaluateAsync("el => { el.scrollTop = el.scrollHeight; }");
            await bob.Page.WaitForFunctionAsync(
                "last => { const list = document.getElementById('messages'); const m = list.querySelectorAll('.chat-message');"
                + " return list.dataset.hasNewer !== 'true' || Number(m[m.length - 1].dataset.seq) > last; }",
                last);
        }

        await Expect(list).ToHaveAttributeAsync("data-has-newer", "false");
        var expected = Enumerable.Range(1, 20).Select(i => $"missed {i:00}").ToArray();
        await Expect(bob.Messages.Locator(".chat-text").Filter(new() { HasTextRegex = new Regex("^missed ") })).ToHaveTextAsync(expected);
        var seqs = await SeqsAsync(bob);
        AssertConsecutive(seqs);
        Assert.Equal(320, seqs[^1]);
        Assert.True(seqs.Length <= MaxBubbles);
        await list.EvaluateAsync("el => { el.scrollTop = el.scrollHeight; }");
        await Expect(Bubble(bob, 320)).ToBeInViewportAsync();
        await Expect(bob.Page.Locator("#new-messages-hint, #jump-to-newest")).ToHaveCountAsync(0);
    }

    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();

    // True once the position saved in session storage is where the reader is now (saving is throttled).
    private const string SavedPositionIsCurrent =
        "key => { const saved = JSON.parse(sessionStorage.getItem(key) || 'null'); if (!saved || !saved.seq) return false;"
        + " const list = document.getElementById('messages'); const m = list.querySelector(`.chat-message[data-seq=\"${saved.seq}\"]`);"
        + " return m !== null && Math.abs(m.getBoundingClientRect().top - list.getBoundingClientRect().top - saved.offset) < 1; }";

    private static ILocator Bubble(Person person, long seq) => person.Page.Locator($"#messages .chat-message[data-seq='{seq}']");

    private static Task<long[]> SeqsAsync(Person person) =>
        person.Page.Locator("#messages").EvaluateAsync<long[]>(
            "el => [...el.querySelectorAll('.chat-message')].map(m => Number(m.dataset.seq))");

    // A message's distance from the top of the visible part of the list.
    private static Task<double> OffsetAsync(Person person, long seq) =>
        Bubble(person, seq).EvaluateAsync<double>(
            "m => m.getBoundingClientRect().top - m.closest('#messages').getBoundingClientRect().top");

    private static void AssertConsecutive(long[] seqs)
    {
        Assert.NotEmpty(seqs);
        Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => seqs[0] + i), seqs);
    }

    private static async Task JoinAsync(Person person, string room)
    {
        var field = person.Page.Locator("#join-room input");
        await field.FillAsync(room);
        await field.PressAsync("Enter");
        await Expect(person.Page).ToHaveURLAsync(new Regex($"/rooms/{room}$"));
    }
}
