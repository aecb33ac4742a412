using AngleSharp.Dom;
using Ganss.Xss;

namespace BlazorChat.Web.Rendering;

/// <summary>
/// The second wall after Markdown without HTML: whatever reaches the page has only these elements and attributes,
/// every link is an absolute http, https or mailto URL that opens a new tab without telling the site who sent it.
/// </summary>
internal static class MarkupSanitizer
{
    /// <summary>The elements a rendered message may contain.</summary>
    public static readonly IReadOnlySet<string> Tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span", "hr",
    };

    /// <summary>The attributes a rendered message may contain (<c>rel</c> and <c>target</c> only as set here).</summary>
    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "href", "title", "start", "class", "data-user", "rel", "target",
    };

    /// <summary>What every link gets: a new tab, no <c>window.opener</c>, no referrer, no endorsement.</summary>
    public const string LinkRel = "noopener noreferrer nofollow";

    private static readonly HtmlSanitizer Sanitizer = Build();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer Build()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            // rel and target are not accepted from the input: they are set on every link below.
            AllowedAttributes = new HashSet<string>(Attributes.Except(["rel", "target"]), StringComparer.OrdinalIgnoreCase),
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal) { "mention" },
            AllowedSchemes = new HashSet<string>(SafeLinks.Schemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                if (!SafeLinks.IsAllowed(link.GetAttribute("href")))
                {
                    link.RemoveAttribute("href"); // relative or odd: text, not a way into the app
                }

                link.SetAttribute("rel", LinkRel);
                link.SetAttribute("target", "_blank");
            }
            else if (e.Node is IElement { LocalName: "span" } span && span.ClassName != "mention")
            {
                span.RemoveAttribute("data-user");
            }
        };
        sanitizer.PostProcessDom += (_, e) => DropBlockSeparators(e.Document.Body!);
        return sanitizer;
    }

    // Markdig puts a newline between blocks ("</p>\n<ul>"). It would be a stray space (or line, where white-space
    // is kept) in the bubble and in the text a screen reader or a copy gets; inside <pre> every newline is content.
    private static void DropBlockSeparators(INode node)
    {
        foreach (var child in node.ChildNodes.ToList())
        {
            if (child is IText text && text.Data.Contains('\n', StringComparison.Ordinal) && string.IsNullOrWhiteSpace(text.Data))
            {
                text.RemoveFromParent();
            }
            else if (child is IElement { LocalName: not "pre" } element)
            {
                DropBlockSeparators(element);
            }
        }
    }
}
