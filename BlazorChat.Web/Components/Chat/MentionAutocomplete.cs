using System.Text.RegularExpressions;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The <c>@name</c> suggestions of a composer: while the text ends in <c>@</c> and the start of a name (at the start or
/// after a character that cannot be part of a name, as the server matches mentions), the people who can read the
/// conversation whose names start with (then contain) what was typed. Pure: the composer feeds it text and keys.
/// </summary>
public sealed partial class MentionAutocomplete
{
    /// <summary>The most names offered at once.</summary>
    public const int MaxSuggestions = 8;

    private IReadOnlyList<string> _candidates = [];
    private int _start = -1; // where the "@" of the name being typed is

    /// <summary>The names offered, best first; empty when closed.</summary>
    public IReadOnlyList<string> Suggestions { get; private set; } = [];

    /// <summary>The index of the highlighted suggestion.</summary>
    public int Selected { get; private set; }

    /// <summary>True while names are offered.</summary>
    public bool IsOpen => Suggestions.Count > 0;

    /// <summary>The people who can be mentioned in this conversation.</summary>
    public void SetCandidates(IReadOnlyList<string> candidates) => _candidates = candidates;

    /// <summary>True when <paramref name="text"/> ends in a name being typed after an <c>@</c>.</summary>
    public static bool IsTypingMention(string text) => TypedName().IsMatch(text);

    /// <summary>Offers names for the text as it is now (or closes).</summary>
    public void Update(string text)
    {
        var match = TypedName().Match(text);
        if (!match.Success)
        {
            Close();
            return;
        }

        var typed = match.Groups["name"].Value;
        _start = match.Groups["name"].Index - 1;
        var previous = IsOpen ? Suggestions[Selected] : null;
        Suggestions =
        [
            .. _candidates
                .Where(c => c.Contains(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(c => c, StringComparer.OrdinalIgnoreCase)
                .Take(MaxSuggestions),
        ];
        Selected = previous is null ? 0 : Math.Max(0, Suggestions.ToList().IndexOf(previous));
        if (Suggestions.Count == 1 && string.Equals(Suggestions[0], typed, StringComparison.OrdinalIgnoreCase))
        {
            Close(); // typed in full already
        }
    }

    /// <summary>Moves the highlight by <paramref name="by"/>, wrapping around.</summary>
    public void Move(int by)
    {
        if (IsOpen)
        {
            Selected = ((Selected + by) % Suggestions.Count + Suggestions.Count) % Suggestions.Count;
        }
    }

    /// <summary>The text with the name being typed replaced by <c>@name </c> (the highlighted one, or <paramref name="name"/>).</summary>
    public string Accept(string text, string? name = null)
    {
        name ??= IsOpen ? Suggestions[Selected] : null;
        if (name is null || _start < 0 || _start >= text.Length)
        {
            Close();
            return text;
        }

        var result = text[.._start] + "@" + name + " ";
        Close();
        return result;
    }

    /// <summary>Offers nothing until the next name is typed.</summary>
    public void Close()
    {
        Suggestions = [];
        Selected = 0;
        _start = -1;
    }

    // "@" at the start or after a character that cannot be part of a name, then the name so far, at the end.
    [GeneratedRegex(@"(?:^|[^\p{L}\p{Nd}_.\-@])@(?<name>[\p{L}\p{Nd}_.\-]*)$")]
    private static partial Regex TypedName();
}
