using BlazorChat.Web.Rendering;
using static BlazorChat.Tests.Rendering.MessageMarkupXssTests;

namespace BlazorChat.Tests.Rendering;

/// <summary>The formatting people expect from a chat, and nothing that takes over the conversation.</summary>
public sealed class MessageMarkupFormattingTests
{
    [Fact]
    public void Emphasis_Strikethrough_AndInlineCode_AreFormatted()
    {
        var root = MarkupAssertions.Parse(Render("**bold** _italic_ ~~gone~~ `a < b`").Value);

        Assert.Equal("bold", root.QuerySelector("strong")!.TextContent);
        Assert.Equal("italic", root.QuerySelector("em")!.TextContent);
        Assert.Equal("gone", root.QuerySelector("del")!.TextContent);
        Assert.Equal("a < b", root.QuerySelector("code")!.TextContent);
    }

    [Fact]
    public void ACodeBlock_KeepsItsLinesAndShowsMarkupAsText()
    {
        var root = MarkupAssertions.Parse(Render("```csharp\nvar x = 1;\n  <b>not bold</b>\n```").Value);

        var code = root.QuerySelector("pre > code")!;
        Assert.Equal("var x = 1;\n  <b>not bold</b>\n", code.TextContent);
        Assert.Null(root.QuerySelector("b"));
    }

    [Fact]
    public void Quotes_AndLists_AreFormatted()
    {
        var root = MarkupAssertions.Parse(Render("> quoted\n\n- one\n- two\n\n3. three\n4. four").Value);

        Assert.Equal("quoted", root.QuerySelector("blockquote")!.TextContent.Trim());
        Assert.Equal(["one", "two"], root.QuerySelectorAll("ul > li").Select(li => li.TextContent.Trim()));
        Assert.Equal(["three", "four"], root.QuerySelectorAll("ol > li").Select(li => li.TextContent.Trim()));
        Assert.Equal("3", root.QuerySelector("ol")!.GetAttribute("start"));
    }

    [Theory]
    [InlineData("see https://example.com/a?b=1&c=2 now", "https://example.com/a?b=1&c=2")]
    [InlineData("see http://example.com/path", "http://example.com/path")]
    [InlineData("see www.example.com", "https://www.example.com")]
    [InlineData("[the site](https://example.com/x)", "https://example.com/x")]
    [InlineData("[mail me](mailto:bob@example.com)", "mailto:bob@example.com")]
    [InlineData("<https://example.com/auto>", "https://example.com/auto")]
    public void Links_AndBareUrls_OpenSafelyInANewTab(string text, string href)
    {
        var html = Render(text).Value;

        var link = MarkupAssertions.Parse(html).QuerySelector("a")!;
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        MarkupAssertions.AssertOnlyAllowed(html, text);
    }

    [Fact]
    public void RawHtml_IsShownAsText()
    {
        var root = MarkupAssertions.Parse(Render("<b>not bold</b> & <i>not</i>").Value);

        Assert.Null(root.QuerySelector("b, i"));
        Assert.Equal("<b>not bold</b> & <i>not</i>", root.TextContent.Trim());
    }

    [Fact]
    public void Headings_StayText_AndLinesBreakAsTyped()
    {
        var root = MarkupAssertions.Parse(Render("# not a heading\nsecond line\n---").Value);

        Assert.Empty(root.QuerySelectorAll("h1, h2"));
        Assert.Contains("# not a heading", root.TextContent);
        Assert.NotNull(root.QuerySelector("p > br"));
    }

    [Fact]
    public void Blocks_AddNoStrayLinesOrSpaces_ToTheText()
    {
        var root = MarkupAssertions.Parse(Render("one\n\n- two\n\n> three").Value);

        Assert.Equal("onetwothree", root.TextContent);
    }

    [Fact]
    public void AnImage_IsALinkToIt_NeverLoaded()
    {
        var root = MarkupAssertions.Parse(Render("![a cat](https://example.com/cat.png)").Value);

        Assert.Null(root.QuerySelector("img"));
        var link = root.QuerySelector("a")!;
        Assert.Equal("https://example.com/cat.png", link.GetAttribute("href"));
        Assert.Equal("a cat", link.TextContent);
    }

    [Fact]
    public void Mentions_AreMarkedAtABoundary_NotInCodeOrLinksOrLongerNames()
    {
        var html = Render(
            "hi @Bob, and **@bob**. Not @bobby, a@bob.example, `@bob`, [@bob](https://example.com) or\n```\n@bob\n```",
            "bob").Value;

        var mentions = MarkupAssertions.Parse(html).QuerySelectorAll("span.mention");
        Assert.Equal(["@Bob", "@bob"], mentions.Select(m => m.TextContent));
        Assert.All(mentions, m => Assert.Equal("bob", m.GetAttribute("data-user")));
        Assert.Equal("strong", mentions[1].ParentElement!.LocalName);
    }

    [Fact]
    public void AMention_OfANameWithPunctuation_IsOneMention()
    {
        var html = Render("ping @bob_x and @bob.smith.", "bob", "bob_x", "bob.smith").Value;

        var mentions = MarkupAssertions.Parse(html).QuerySelectorAll("span.mention");
        Assert.Equal(["bob_x", "bob.smith"], mentions.Select(m => m.GetAttribute("data-user")));
    }

    [Fact]
    public void AnAtSign_OfSomeoneNotMentioned_IsPlainText()
    {
        var root = MarkupAssertions.Parse(Render("hi @carol", "bob").Value);

        Assert.Empty(root.QuerySelectorAll("span"));
        Assert.Equal("hi @carol", root.TextContent.Trim());
    }
}
