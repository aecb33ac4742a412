using System.Globalization;
using System.Text;
using BlazorChat.Domain;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The room name someone most likely meant by what they typed: "Design Team" is <c>design-team</c>, "Café" is
/// <c>cafe</c>. Offered with one click when what they typed is not a room name.
/// </summary>
public static class RoomNameSuggestion
{
    /// <summary>The normalised name, or null when nothing usable is left (only symbols, say).</summary>
    public static string? For(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var name = new StringBuilder(typed.Length);
        foreach (var c in typed.Trim().TrimStart('#').Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // é is e
            }

            var allowed = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            if (allowed)
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-'); // a space or a symbol separates words
            }
        }

        var suggestion = name.ToString().Trim('-');
        if (suggestion.Length > 64)
        {
            suggestion = suggestion[..64].TrimEnd('-');
        }

        return ChatNames.IsValidRoomName(suggestion) ? suggestion : null;
    }
}
