using System.Globalization;
using BlazorChat.Domain;

namespace BlazorChat.Web.Components.Chat;

/// <summary>What the composer says about its text: its length as the limit counts it, and why a send was refused.</summary>
internal static class ComposerText
{
    /// <summary>The length as the server's limit counts it: in characters (runes), not UTF-16 units.</summary>
    public static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>The refusal in the reader's words, for the text as it is now (<paramref name="length"/> characters).</summary>
    public static string Describe(ChatError error, string text, int length, int maxChars) => error.Code switch
    {
        ChatErrorCodes.TooLarge => TooLong(length - maxChars, maxChars),
        ChatErrorCodes.RateLimited when error.RetryAfter is { } wait =>
            $"You are sending too fast. Try again in {Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.CurrentCulture)} s.",
        ChatErrorCodes.BadRequest when string.IsNullOrWhiteSpace(text) => "Type a message first.",
        _ => error.Message,
    };

    private static string TooLong(int over, int maxChars) => over == 1
        ? $"Too long by 1 character: a message has at most {maxChars}."
        : $"Too long by {over} characters: a message has at most {maxChars}.";
}
