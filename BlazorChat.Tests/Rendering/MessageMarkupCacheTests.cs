using BlazorChat.Web.Rendering;
using static BlazorChat.Tests.Rendering.MessageMarkupXssTests;

namespace BlazorChat.Tests.Rendering;

/// <summary>One rendering per message version for the whole server, never a stale one, and a bounded memory.</summary>
public sealed class MessageMarkupCacheTests
{
    [Fact]
    public void TheSameVersion_IsRenderedOnce_HoweverManyTabsShowIt()
    {
        var markup = new MessageMarkup();
        var message = Message("**hi**", [], version: 3);

        var first = markup.Render(message);
        var second = markup.Render(message with { }); // another circuit's copy

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, markup.Renders);
    }

    [Fact]
    public void AnEdit_ShowsTheNewText_EvenBeforeTheVersionIsFilled()
    {
        var markup = new MessageMarkup();
        markup.Render(Message("**old**", [], version: 0));

        var edited = markup.Render(Message("**new**", [], version: 0));
        var newVersion = markup.Render(Message("**newer**", [], version: 5));

        Assert.Contains("new", edited.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("old", edited.Value, StringComparison.Ordinal);
        Assert.Contains("newer", newVersion.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void NewMentions_AreRenderedAgain()
    {
        var markup = new MessageMarkup();
        markup.Render(Message("hi @bob", []));

        var html = markup.Render(Message("hi @bob", ["bob"])).Value;

        Assert.Contains("class=\"mention\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCache_IsBounded_TheOldestRenderingGoesFirst()
    {
        var markup = new MessageMarkup(capacity: 2);
        markup.Render(Message("one", [], id: "1"));
        markup.Render(Message("two", [], id: "2"));
        markup.Render(Message("three", [], id: "3"));

        markup.Render(Message("three", [], id: "3"));
        Assert.Equal(3, markup.Renders);
        markup.Render(Message("one", [], id: "1"));
        Assert.Equal(4, markup.Renders);
    }

    [Fact]
    public void ADeletedMessage_HasNoText()
    {
        var html = new MessageMarkup().Render(Message("secret", []) with { Deleted = true });

        Assert.True(string.IsNullOrEmpty(html.Value));
    }
}
