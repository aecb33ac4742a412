using Markdig;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BlazorChat.Web.Rendering;

/// <summary>
/// Markdown to HTML for chat text: what people type in a chat (emphasis, strikethrough, code, quotes, lists, links,
/// bare URLs, line breaks as typed) and nothing that takes over a conversation (no headings, no images, no raw HTML).
/// The result still goes through <see cref="MarkupSanitizer"/>; this is the first of two walls.
/// </summary>
internal static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    public static string Render(string text, IReadOnlyList<string> mentions)
    {
        var document = Markdown.Parse(text, Pipeline);
        LinkRules.Apply(document);
        MentionMarker.Apply(document, mentions);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Insert(0, new MentionRenderer());
        renderer.Render(document);
        writer.Flush();
        return MarkupSanitizer.Sanitize(writer.ToString());
    }

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .DisableHtml() // "<b>" is text: it is never parsed as markup
            .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
            .UseAutoLinks(new Markdig.Extensions.AutoLinks.AutoLinkOptions { UseHttpsForWWWLinks = true })
            .UseSoftlineBreakAsHardlineBreak(); // Shift+Enter in the composer is a new line in the bubble

        // "# hello" and a line over "---" stay text: a chat message is not a document.
        builder.BlockParsers.TryRemove<HeadingBlockParser>();
        if (builder.BlockParsers.Find<ParagraphBlockParser>() is { } paragraphs)
        {
            paragraphs.ParseSetextHeadings = false;
        }

        return builder.Build();
    }

    /// <summary>Images become links to them (no pictures load from a message), and a link to anything but http, https or mailto becomes its text.</summary>
    private static class LinkRules
    {
        public static void Apply(MarkdownDocument document)
        {
            foreach (var link in document.Descendants<LinkInline>().ToList())
            {
                link.IsImage = false;
                if (!SafeLinks.IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
                {
                    Unwrap(link);
                }
            }

            foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
            {
                var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
                if (!SafeLinks.IsAllowed(url))
                {
                    autolink.ReplaceBy(new LiteralInline(autolink.Url));
                }
            }
        }

        private static void Unwrap(LinkInline link)
        {
            foreach (var child in link.ToList())
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
        }
    }
}
