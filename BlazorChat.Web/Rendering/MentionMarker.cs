using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BlazorChat.Web.Rendering;

/// <summary>
/// Marks each <c>@name</c> of a mentioned user in the text as a <see cref="MentionInline"/>: case-insensitively, at a
/// boundary (not inside <c>a@bob.example</c> or <c>@bobby</c>), in plain and emphasised text only — never in code
/// or in a link's text.
/// </summary>
internal static class MentionMarker
{
    public static void Apply(MarkdownDocument document, IReadOnlyList<string> mentions)
    {
        if (mentions.Count == 0)
        {
            return;
        }

        // Longest first, so "@bob.smith" is bob.smith even when bob is mentioned too.
        var names = mentions.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(n => n.Length).ToArray();
        foreach (var block in document.Descendants<LeafBlock>().ToList())
        {
            if (block.Inline is { } inline)
            {
                Walk(inline, names);
            }
        }
    }

    private static void Walk(ContainerInline container, string[] names)
    {
        var run = new List<LiteralInline>();
        foreach (var child in container.ToList())
        {
            if (child is LiteralInline literal)
            {
                run.Add(literal);
                continue;
            }

            Mark(run, names);
            run.Clear();
            if (child is ContainerInline inner and not LinkInline)
            {
                Walk(inner, names);
            }
        }

        Mark(run, names);
    }

    // Emphasis parsing can leave one word in several literals ("@bob_x" is "@bob" and "_x"): they are read as one.
    private static void Mark(List<LiteralInline> run, string[] names)
    {
        if (run.Count == 0)
        {
            return;
        }

        var text = string.Concat(run.Select(l => l.Content.ToString()));
        var parts = Split(text, names);
        if (parts is null)
        {
            return;
        }

        var first = run[0];
        foreach (var part in parts)
        {
            first.InsertBefore(part);
        }

        run.ForEach(l => l.Remove());
    }

    private static List<Inline>? Split(string text, string[] names)
    {
        List<Inline>? parts = null;
        var start = 0;
        for (var at = text.IndexOf('@', StringComparison.Ordinal); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && IsNameChar(text[at - 1]) || at > 0 && text[at - 1] == '@')
            {
                continue;
            }

            var name = names.FirstOrDefault(n => EndsMention(text, at + 1, n));
            if (name is null)
            {
                continue;
            }

            parts ??= [];
            if (at > start)
            {
                parts.Add(new LiteralInline(text[start..at]));
            }

            parts.Add(new MentionInline(name, text.Substring(at + 1, name.Length)));
            start = at + 1 + name.Length;
            at = start - 1;
        }

        if (parts is not null && start < text.Length)
        {
            parts.Add(new LiteralInline(text[start..]));
        }

        return parts;
    }

    private static bool EndsMention(string text, int from, string name)
    {
        if (from + name.Length > text.Length || string.Compare(text, from, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var end = from + name.Length;
        if (end == text.Length)
        {
            return true;
        }

        // A full stop may end the sentence ("thanks @bob."), but not continue a longer name ("@bob.smith").
        return text[end] == '.' ? end + 1 == text.Length || !IsNameChar(text[end + 1]) : !IsNameChar(text[end]);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
