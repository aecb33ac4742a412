using System.Buffers.Text;

namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// The text of every fan-out message: <c>fo {phase} {sender} {index} {sentAt}</c>, the last a Stopwatch timestamp
/// (every client is in this one process, so one clock). Receivers read it back with spans, not a JSON parser.
/// </summary>
internal readonly record struct DeliveryText(int Phase, int Sender, int Index, long SentAt)
{
    public override string ToString() => $"fo {Phase} {Sender} {Index} {SentAt}";

    /// <summary>Reads a text (the UTF-8 bytes between the quotes of a JSON string) written by <see cref="ToString"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DeliveryText value)
    {
        value = default;
        if (!text.StartsWith("fo "u8))
        {
            return false;
        }

        text = text[3..];
        if (!Next(ref text, out int phase) || !Next(ref text, out int sender) || !Next(ref text, out int index)
            || !Utf8Parser.TryParse(text, out long sentAt, out var used) || used != text.Length)
        {
            return false;
        }

        value = new DeliveryText(phase, sender, index, sentAt);
        return true;
    }

    private static bool Next(ref ReadOnlySpan<byte> text, out int number)
    {
        if (!Utf8Parser.TryParse(text, out number, out var used) || used >= text.Length || text[used] != (byte)' ')
        {
            return false;
        }

        text = text[(used + 1)..];
        return true;
    }
}
