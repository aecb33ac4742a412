using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BlazorChat.Web.Rendering;

namespace BlazorChat.Tests.Rendering;

/// <summary>Parses rendered message HTML as a browser would and checks it keeps to the allow-list.</summary>
internal static class MarkupAssertions
{
    public static IElement Parse(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><body><div id=\"root\">" + html + "</div></body>");
        return document.GetElementById("root")!;
    }

    public static void AssertOnlyAllowed(string html, string because)
    {
        var root = Parse(html);
        foreach (var element in root.QuerySelectorAll("*"))
        {
            Assert.True(MarkupSanitizer.Tags.Contains(element.LocalName), $"<{element.LocalName}> survived: {html} (from {because})");
            Assert.Equal(NamespaceNames.HtmlUri, element.NamespaceUri);
            foreach (var attribute in element.Attributes)
            {
                Assert.True(MarkupSanitizer.Attributes.Contains(attribute.Name),
                    $"attribute {attribute.Name} on <{element.LocalName}> survived: {html} (from {because})");
            }

            if (element.GetAttribute("class") is { } cls)
            {
                Assert.Equal("mention", cls);
            }

            if (element.LocalName == "a")
            {
                Assert.Equal("noopener noreferrer nofollow", element.GetAttribute("rel"));
                Assert.Equal("_blank", element.GetAttribute("target"));
                if (element.GetAttribute("href") is { } href)
                {
                    Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto",
                        $"href {href} survived (from {because})");
                    Assert.Matches("^(https?|mailto):", href);
                }
            }
        }
    }
}
