using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Components;

/// <summary>The people list holds who matters, not every account; anyone else is found by a search on the server.</summary>
public sealed class PeopleListTests : ChatTestContext
{
    private const int Registered = 1000;

    public PeopleListTests()
    {
        for (var i = 0; i < Registered; i++)
        {
            Users.Add($"user{i:0000}");
        }
    }

    [Fact]
    public async Task WithAThousandUsers_TheListIsBounded_AndShowsTheOnlineAndMyConversationsFirst()
    {
        var online = new List<EventRecorder>();
        for (var i = 0; i < PeopleList.MaxShown + 10; i++)
        {
            online.Add(await ConnectAsync($"user{i:0000}"));
        }

        await Chat.SendAsync("user0999", ChatTarget.ToUser("alice"), "remember me?", cancellationToken: Ct); // offline, but we talk

        try
        {
            var cut = RenderChat();

            cut.WaitForAssertion(() => Assert.Contains("10 more online", cut.Find("#people-more").TextContent, StringComparison.Ordinal));
            var listed = cut.FindAll("#people-list a[data-user]").Select(a => a.GetAttribute("data-user")!).ToList();
            Assert.InRange(listed.Count, PeopleList.MaxShown, PeopleList.MaxShown + 1);
            Assert.Contains("user0999", listed); // unread from an offline peer is never cut
            Assert.DoesNotContain("user0500", listed); // offline, and nobody talks with them
            Assert.InRange(cut.Markup.Length, 0, 200_000); // the page does not grow with the accounts
        }
        finally
        {
            online.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Search_FindsAnOfflineUserNobodyTalkedTo_AndStartsADirectConversation()
    {
        var cut = RenderChat();
        Assert.Empty(cut.FindAll("#people-list a[data-user='user0777']"));

        cut.Find("#people-search input").Input("user077");

        cut.WaitForAssertion(() => Assert.Equal(
            Enumerable.Range(770, 10).Select(i => $"user{i:0000}"),
            cut.FindAll("#people-search-results [data-user]").Select(b => b.GetAttribute("data-user"))));
        Assert.Equal("false", cut.Find("#people-search-results [data-user='user0777'] .chat-presence").GetAttribute("data-online"));

        cut.Find("#people-search-results [data-user='user0777']").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith("/dm/user0777", navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#people-search-results")); // the search is done
        cut.Render(p => p.Add(c => c.User, "user0777")); // the router does this for the page
        cut.WaitForAssertion(() => Assert.Equal("user0777", cut.Find("#conversation-title").TextContent));
        cut.Find("#composer textarea").Input("hello stranger");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        await WaitUntilAsync(async () =>
            (await Chat.GetHistoryAsync("user0777", ChatTarget.ToUser("alice"), cancellationToken: Ct)).Value!.Any(m => m.Text == "hello stranger"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#people-list a[data-user='user0777']"))); // now someone I talk with
    }

    [Fact]
    public void Search_ShowsABoundedPage_AndNeverMe()
    {
        var cut = RenderChat();

        cut.Find("#people-search input").Input("user");

        cut.WaitForAssertion(() => Assert.Equal(PeopleSearch.Limit, cut.FindAll("#people-search-results [data-user]").Count));
        cut.Find("#people-search input").Input("alic");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#people-search-empty")));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
