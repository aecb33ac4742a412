namespace BlazorChat.Domain.Internal;

/// <summary>The rules of a message's text, sent or edited.</summary>
internal static class MessageText
{
    /// <summary>Why <paramref name="text"/> is refused, or null when it is fine.</summary>
    public static ChatError? Check(string? text, int maxChars)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ChatError(ChatErrorCodes.BadRequest, "A message needs some text.");
        }

        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        return length > maxChars ? new ChatError(ChatErrorCodes.TooLarge, $"The text has {length} characters; the limit is {maxChars}.") : null;
    }
}
