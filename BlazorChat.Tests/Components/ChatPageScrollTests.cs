using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Components;

/// <summary>The page holds a window of a long conversation: what chat.js asks for as the reader scrolls, and where it opens.</summary>
public sealed class ChatPageScrollTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task ScrollingUp_LoadsOlderPages_TheListStaysBounded_AndJumpingReturnsToTheNewest()
    {
        await SeedAsync(400);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(351, 50), Seqs(cut)));
        Assert.Empty(cut.FindAll("#jump-to-newest"));
        var list = cut.FindComponent<MessageList>();

        for (var i = 0; i < 6; i++)
        {
            await list.Instance.LoadMore(older: true); // what chat.js asks for near the top
        }

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(51, MessageWindow.Capacity), Seqs(cut)));
        Assert.NotNull(cut.Find("#jump-to-newest"));
        Assert.NotNull(cut.Find("#load-newer"));

        await Chat.SendAsync("bob", General, "while alice reads far back", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal("1 new message", cut.Find("#new-messages-hint").TextContent.Trim()));
        await Chat.SendAsync("bob", General, "and another", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal("2 new messages", cut.Find("#new-messages-hint").TextContent.Trim()));
        Assert.Single(cut.FindAll("#new-messages-hint svg")); // one arrow: the chip's icon, none in the text
        Assert.Equal(250, Seqs(cut).Last()); // not appended after message 250: that would be a gap

        cut.Find("#new-messages-hint").Click();

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(353, 50), Seqs(cut)));
        Assert.Equal("and another", cut.FindAll(".chat-text")[^1].TextContent);
        Assert.Empty(cut.FindAll("#new-messages-hint, #jump-to-newest"));
        cut.WaitForAssertion(() => Assert.NotEmpty(JSInterop.Invocations["blazorChat.scrollToBottom"]));
    }

    [Fact]
    public async Task ScrollingBackDown_LoadsNewerPages_UntilTheNewest()
    {
        var (cut, list) = await RenderScrolledFarBackAsync();

        for (var i = 0; i < 5; i++)
        {
            await list.Instance.LoadMore(older: false); // near the bottom of a window that ends before the newest
        }

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(201, MessageWindow.Capacity), Seqs(cut)));
        Assert.Empty(cut.FindAll("#jump-to-newest, #load-newer"));
        await Chat.SendAsync("bob", General, "live again", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Equal(401, Seqs(cut).Last()));
        Assert.True(Seqs(cut).Count <= MessageWindow.Capacity);
    }

    [Fact]
    public async Task ANewCircuit_OpensAroundTheMessageTheReaderHadInView_AndPutsItBack()
    {
        await SeedAsync(400);
        JSInterop.Setup<ScrollRequest?>("blazorChat.savedPosition", _ => true)
            .SetResult(new ScrollRequest { Seq = 120, Offset = 37 });

        var cut = RenderChat();

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(71, 100), Seqs(cut)));
        cut.WaitForAssertion(() =>
        {
            var scroll = Assert.Single(JSInterop.Invocations["blazorChat.scrollToMessage"]);
            Assert.Equal(new object[] { 120L, 37.0 }, scroll.Arguments.Skip(1));
        });
        Assert.NotNull(cut.Find("#jump-to-newest"));
        Assert.Empty(JSInterop.Invocations["blazorChat.scrollToBottom"]);
    }

    [Fact]
    public async Task SendingWhileReadingFarBack_ShowsTheNewestWithMyMessage()
    {
        var (cut, _) = await RenderScrolledFarBackAsync();

        cut.WaitForAssertion(() => Assert.Equal(51, Seqs(cut)[0]));
        cut.Find("#composer textarea").Input("mine, at the bottom");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(352, 50), Seqs(cut)));
        Assert.Equal("mine, at the bottom", cut.FindAll(".chat-text")[^1].TextContent);
    }

    [Fact]
    public async Task APageThatCannotBeLoaded_SaysSo_AndTellsTheScriptToWaitForTheNextScroll()
    {
        await SeedAsync(120);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal(50, Seqs(cut).Count));
        var list = cut.FindComponent<MessageList>();

        var loaded = await list.Instance.LoadMore(older: true);
        Store.FailBackwardReads = true;
        var failed = await list.Instance.LoadMore(older: true);

        Assert.Equal((true, false), (loaded, failed));
        Assert.Equal(Enumerable.Range(21, 100), Seqs(cut));
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, b => b.Message?.Contains("History could not be read", StringComparison.Ordinal) == true));
    }

    /// <summary>400 messages in general, and a reader who scrolled six pages up from the newest.</summary>
    private async Task<(IRenderedComponent<BlazorChat.Web.Components.Pages.Chat> Page, IRenderedComponent<MessageList> List)> RenderScrolledFarBackAsync()
    {
        await SeedAsync(400);
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal(50, Seqs(cut).Count));
        var list = cut.FindComponent<MessageList>();
        for (var i = 0; i < 6; i++)
        {
            await list.Instance.LoadMore(older: true);
        }

        return (cut, list);
    }

    private async Task SeedAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Store.AppendAsync(
                new NewMessage($"seed{i}", ConversationKey.ForRoom(ChatNames.General), "bob", ChatNames.General, null,
                    $"message {i}", Time.GetUtcNow(), null));
        }
    }

    private static List<int> Seqs(IRenderedComponent<BlazorChat.Web.Components.Pages.Chat> cut) =>
        [.. cut.FindAll("#messages .chat-message").Select(m => int.Parse(m.GetAttribute("data-seq")!, System.Globalization.CultureInfo.InvariantCulture))];
}
