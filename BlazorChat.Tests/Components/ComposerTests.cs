using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Tests.Components.Support;
using BlazorChat.Web.Components.Chat;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorChat.Tests.Components;

/// <summary>The composer: a refusal that tells the truth while the text is edited, drafts kept by the browser, and the focus.</summary>
public sealed class ComposerTests : ChatTestContext
{
    private static readonly ChatTarget General = ChatTarget.ToRoom(ChatNames.General);

    [Fact]
    public void TooLongAlert_SaysByHowMuch_AndGoesAsSoonAsTheTextFits()
    {
        var cut = RenderChat();
        var box = () => cut.Find("#composer textarea");
        box().Input(new string('x', Options.MaxTextChars + 3));
        cut.Find("#send").Click();
        cut.WaitForAssertion(() => Assert.Contains(
            $"Too long by 3 characters: a message has at most {Options.MaxTextChars}.", cut.Find("#composer-error").TextContent, StringComparison.Ordinal));

        box().Input(new string('x', Options.MaxTextChars + 1)); // deleting: still too long, and it says so truly

        Assert.Contains("Too long by 1 character:", cut.Find("#composer-error").TextContent, StringComparison.Ordinal);

        box().Input(new string('x', Options.MaxTextChars)); // fits now

        Assert.Empty(cut.FindAll("#composer-error"));
        box().Input("x"); // and it does not come back while deleting further
        Assert.Empty(cut.FindAll("#composer-error"));
    }

    [Fact]
    public void ADraftTheBrowserKept_IsBackWhenTheConversationOpens()
    {
        JSInterop.Setup<string?>("blazorChat.readDraft", BrowserDrafts.KeyOf("alice", ConversationKeys.Room("general")))
            .SetResult("half a thought");

        var cut = RenderChat();

        cut.WaitForAssertion(() => Assert.Equal("half a thought", cut.Find("#composer textarea").GetAttribute("value")));
        Assert.Equal(BrowserDrafts.KeyOf("alice", "#general"), cut.Find("#composer").GetAttribute("data-draft-key"));
    }

    [Fact]
    public async Task SendingADraft_ClearsItInTheBrowser()
    {
        var cut = RenderChat();

        cut.Find("#composer textarea").Input("sent at last");
        cut.Find("#composer textarea").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Contains(
            JSInterop.Invocations["blazorChat.saveDraft"],
            i => (string?)i.Arguments[0] == BrowserDrafts.KeyOf("alice", "#general") && (string?)i.Arguments[1] == string.Empty));
        Assert.Single((await Chat.GetHistoryAsync("alice", General, cancellationToken: Ct)).Value!, m => m.Text == "sent at last");
    }

    [Fact]
    public void DraftsAreKeptPerUser_SoAnotherPersonOnTheSameBrowserNeverSeesThem()
    {
        Assert.NotEqual(BrowserDrafts.KeyOf("alice", "@bob"), BrowserDrafts.KeyOf("carol", "@bob"));
        Assert.NotEqual(BrowserDrafts.KeyOf("alice", "#general"), BrowserDrafts.KeyOf("alice", "@bob"));
        Assert.Equal(BrowserDrafts.KeyOf("Alice", "@Bob"), BrowserDrafts.KeyOf("alice", "@bob")); // names are case-insensitive
    }

    [Fact]
    public void TheBoxIsFocused_OnArrival_AndOnSwitchingConversation_ButNotWhereThatWouldPopAKeyboardOrUndoTheKeyboard()
    {
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Single(FocusRequests()));

        cut.Render(p => p.Add(c => c.User, "bob"));

        cut.WaitForAssertion(() => Assert.Equal(2, FocusRequests().Count));
        // chat.js skips the focus on a coarse pointer (a touch screen) when asked with unlessTouch = true.
        Assert.All(FocusRequests(), i => Assert.Equal(true, i.Arguments[1]));
        // On arrival the focus is left where the person put it while the page loaded; a switch they asked for moves it.
        Assert.Equal([true, false], FocusRequests().Select(i => i.Arguments[2]));
    }

    [Fact]
    public void AFocusThatWaitedForTheBoxToBeEnabled_IsTakenOnlyIfNobodyPutItElsewhereMeanwhile()
    {
        var cut = Render<Composer>(p => p
            .Add(c => c.Me, "alice").Add(c => c.Target, ChatTarget.ToRoom("general")).Add(c => c.Disabled, false));
        cut.WaitForAssertion(() => Assert.Single(FocusRequests()));

        // A switch while the box cannot take messages (disconnected): the focus waits until it can.
        cut.Render(p => p.Add(c => c.Target, ChatTarget.ToUser("bob")).Add(c => c.Disabled, true));
        Assert.Single(FocusRequests());
        cut.Render(p => p.Add(c => c.Disabled, false));

        cut.WaitForAssertion(() => Assert.Equal(2, FocusRequests().Count));
        Assert.Equal(true, FocusRequests()[1].Arguments[2]); // by now they may be typing elsewhere: not taken from them
    }

    private List<JSRuntimeInvocation> FocusRequests() =>
        [.. JSInterop.Invocations["blazorChat.focusComposer"].Where(i => i.Arguments.Count > 1)];
}
