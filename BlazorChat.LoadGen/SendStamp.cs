namespace BlazorChat.LoadGen;

/// <summary>
/// The send time a load client writes at the end of a message's text (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp: every client is in this process, so one clock), for the receivers' end-to-end latency.
/// </summary>
internal static class SendStamp
{
    private const string Mark = " sent@";

    public static string Append(string text, long sentAt) => $"{text}{Mark}{sentAt}";

    /// <summary>The send time at the end of <paramref name="text"/>, or null (e.g. not a load client's message).</summary>
    public static long? Read(string? text)
    {
        var at = text?.LastIndexOf(Mark, StringComparison.Ordinal) ?? -1;
        return at >= 0 && long.TryParse(text.AsSpan(at + Mark.Length), out var sentAt) ? sentAt : null;
    }
}
