using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Components;

public sealed class ChatPageConnectionTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public async Task RoomJoinedInAnotherTab_AppearsInTheRoomList()
    {
        var cut = RenderChat();

        await Chat.JoinAsync("alice", "random", cancellationToken: Ct);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#room-list a[data-room='random']")));
        Assert.Equal(["general", "random"], cut.FindAll("#room-list a").Select(a => a.GetAttribute("data-room")));
    }

    [Fact]
    public async Task LeavingTheOpenRoomInAnotherTab_ReturnsToGeneral()
    {
        await Chat.JoinAsync("alice", "random", cancellationToken: Ct);
        var cut = RenderChat(room: "random");

        await Chat.LeaveAsync("alice", "random", Ct);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#room-list a[data-room='random']")));
        Assert.Equal(Services.GetRequiredService<NavigationManager>().BaseUri, Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void OpeningARoomIAmNotIn_OffersToJoinIt()
    {
        var cut = RenderChat(room: "secret");

        cut.WaitForAssertion(() => Assert.Equal(ChatErrorCodes.NotAMember, cut.Find("#conversation-error").GetAttribute("data-code")));
        Assert.True(cut.Find("#send").HasAttribute("disabled"));

        cut.Find("#join-current").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#conversation-error")));
        Assert.False(cut.Find("#send").HasAttribute("disabled"));
    }

    [Fact]
    public async Task SlowReader_IsDropped_ShowsReconnect_AndReconnectingCatchesUp()
    {
        Options.OutboundQueueCapacity = 4;
        var cut = RenderChat();

        // Hold the renderer's dispatcher, as a busy circuit would, so the page stops draining its queue.
        using var gate = new ManualResetEventSlim();
        var busy = Task.Run(() => cut.InvokeAsync(gate.Wait), Ct);
        try
        {
            for (var i = 1; i <= 8; i++)
            {
                await Chat.SendAsync("bob", General, $"burst {i}", cancellationToken: Ct);
            }
        }
        finally
        {
            gate.Set();
        }

        await busy;
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#reconnect-banner")));
        Assert.Empty(cut.FindAll("#chat-ready"));

        // Events dispatched before the drop may still re-render the page: click the button as it is now.
        cut.WaitForAssertion(() => cut.Find("#reconnect").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("#reconnect-banner"));
            Assert.NotNull(cut.Find("#chat-ready"));
            Assert.Equal(8, cut.FindAll(".chat-message").Count);
        });
        Assert.Contains("alice", Chat.OnlineUsers);
    }

    [Fact]
    public async Task ATabPastTheConnectionLimit_SaysWhy_AndReconnectsOnceAnotherClosed()
    {
        Options.MaxConnectionsPerUser = 1;
        var otherTab = await ConnectAsync("alice");
        var cut = RenderChatPage();

        cut.WaitForAssertion(() => Assert.Contains("too many tabs", cut.Find("#reconnect-banner").TextContent));
        otherTab.Connection.Dispose();
        cut.Find("#reconnect").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#reconnect-banner")));
        cut.WaitForElement("#chat-ready");
        await Chat.SendAsync("bob", General, "you are back", cancellationToken: Ct);
        cut.WaitForAssertion(() => Assert.Contains("you are back", cut.Find(".chat-message:last-child").TextContent));
    }
}
