using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BlazorChat.Tests.Components;

/// <summary>
/// Every open tab is a circuit the server holds while it idles; what its page renders is what it holds. An operator
/// relies on that cost not growing with how many people are online (issue #11: ≤ 150 KB per idle circuit with
/// 1,000 registered users).
/// </summary>
public sealed class IdleCircuitSizeTests : ChatTestContext
{
    public IdleCircuitSizeTests()
    {
        for (var i = 0; i < 1000; i++)
        {
            Users.Add($"user{i:0000}");
        }
    }

    [Fact]
    public async Task WithSixtyPeopleOnline_TheIdlePageHoldsNoMoreComponentsThanWithThirty()
    {
        var online = new List<EventRecorder>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                online.Add(await ConnectAsync($"user{i:0000}"));
            }

            var cut = RenderChat();
            cut.WaitForAssertion(() => Assert.Contains("5 more online", cut.Find("#people-more").TextContent, StringComparison.Ordinal));
            var withThirty = cut.FindComponents<IComponent>().Count;

            for (var i = 30; i < 60; i++)
            {
                online.Add(await ConnectAsync($"user{i:0000}"));
            }

            cut.WaitForAssertion(() => Assert.Contains("35 more online", cut.Find("#people-more").TextContent, StringComparison.Ordinal));
            Assert.Equal(PeopleList.MaxShown, cut.FindAll("#people-list a[data-user]").Count);
            Assert.Equal(withThirty, cut.FindComponents<IComponent>().Count); // the list is bounded, and a row is markup, not components
            Assert.Equal(
                PeopleList.MaxShown,
                cut.FindAll("#people-list a[data-user] .chat-avatar[data-initial='U'] .chat-presence[data-online='true']").Count);
        }
        finally
        {
            online.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task APersonListedWithUnreadMessages_ShowsTheCount_AndTheOthersNone()
    {
        var bob = await ConnectAsync("bob");
        var carol = await ConnectAsync("carol");
        try
        {
            var cut = RenderChat();
            await Chat.SendAsync("bob", ChatTarget.ToUser("alice"), "a word?", cancellationToken: Ct);

            cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("#people-list [data-user='bob'] .chat-unread").TextContent));
            Assert.Empty(cut.FindAll("#people-list [data-user='carol'] .chat-unread"));
        }
        finally
        {
            bob.Dispose();
            carol.Dispose();
        }
    }
}
