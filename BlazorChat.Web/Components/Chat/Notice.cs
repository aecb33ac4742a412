using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>A desktop notification for one message: plain text only (the browser shows it, never as HTML).</summary>
/// <param name="Title">Who wrote, and where for a room.</param>
/// <param name="Body">The start of the text as typed.</param>
/// <param name="Tag">One notification per conversation: a newer one replaces it.</param>
/// <param name="Href">The conversation to open when it is clicked, relative to the app's base.</param>
public sealed record Notice(string Title, string Body, string Tag, string Href)
{
    private const int BodyChars = 140;

    /// <summary>The notice of <paramref name="message"/> for <paramref name="me"/>.</summary>
    public static Notice For(ChatMessage message, string me)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.Text.Length > BodyChars ? message.Text[..BodyChars] + "…" : message.Text;
        if (message.Room is { } room)
        {
            var href = room == Domain.ChatNames.General ? "./" : $"rooms/{Uri.EscapeDataString(room)}";
            return new Notice($"{message.From} in #{room}", body, ConversationKeys.Room(room), href);
        }

        var peer = message.PeerOf(me)!;
        return new Notice(message.From, body, ConversationKeys.Direct(peer), $"dm/{Uri.EscapeDataString(peer)}");
    }
}
