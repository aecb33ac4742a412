using BlazorChat.Domain.Messages;
using BlazorChat.Web.Rendering;

namespace BlazorChat.Tests.Rendering;

/// <summary>Whatever anyone types, a rendered message holds only allow-listed elements and attributes and safe links.</summary>
public sealed class MessageMarkupXssTests
{
    public static TheoryData<int> Corpus => [.. Enumerable.Range(0, XssCorpus.Payloads.Count)];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Payload_KeepsToTheAllowList(int index)
    {
        var payload = XssCorpus.Payloads[index];

        var html = Render(payload).Value;

        MarkupAssertions.AssertOnlyAllowed(html, payload);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Payload_InsideAMentioningMessage_KeepsToTheAllowList(int index)
    {
        var payload = XssCorpus.Payloads[index];

        var html = Render($"@bob **@bob** {payload} @bob", "bob").Value;

        MarkupAssertions.AssertOnlyAllowed(html, payload);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Payload_AsRawHtml_IsCleanedBySanitizerAlone(int index)
    {
        // The second wall holds even if the first (Markdown without HTML) ever let markup through.
        var payload = XssCorpus.Payloads[index];

        var html = MarkupSanitizer.Sanitize(payload);

        MarkupAssertions.AssertOnlyAllowed(html, payload);
    }

    [Fact]
    public void AHostileMentionedName_IsEscaped_NotMarkup()
    {
        var name = "x\"><img src=x onerror=\"window.__xss=1\">";

        var html = Render("hi @" + name, name).Value;

        MarkupAssertions.AssertOnlyAllowed(html, name);
        var mention = MarkupAssertions.Parse(html).QuerySelector("span.mention")!;
        Assert.Equal(name, mention.GetAttribute("data-user"));
        Assert.Equal("@" + name, mention.TextContent);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))", "x")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "x")]
    [InlineData("[x](&#106;avascript:alert(1))", "x")]
    [InlineData("[x](vbscript:msgbox(1))", "x")]
    [InlineData("[x](data:text/html,hi)", "x")]
    [InlineData("[x](/account/logout)", "x")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    public void AnUnsafeLink_IsItsTextOnly(string text, string shown)
    {
        var root = MarkupAssertions.Parse(Render(text).Value);

        Assert.Empty(root.QuerySelectorAll("a[href]"));
        Assert.Equal(shown, root.TextContent.Trim());
    }

    internal static Microsoft.AspNetCore.Components.MarkupString Render(string text, params string[] mentions) =>
        new MessageMarkup().Render(Message(text, mentions));

    internal static ChatMessage Message(string text, string[] mentions, string id = "m1", long version = 0) =>
        new(id, ConversationKey.ForRoom("general"), 1, "alice", "general", null, text, DateTimeOffset.UnixEpoch, null)
        {
            Mentions = mentions,
            Version = version,
        };
}
