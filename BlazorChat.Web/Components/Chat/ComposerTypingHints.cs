using BlazorChat.Domain;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Tells the conversation that I am typing, at most every <see cref="Every"/> while the text is not blank. A hint: a
/// refusal is shown when sending. Owned by one <see cref="Composer"/>.
/// </summary>
internal sealed class ComposerTypingHints(IChatRoomService chatService, TimeProvider time)
{
    /// <summary>How often a typing notice is sent while typing goes on.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Called with every change of the text.</summary>
    public async Task TypedAsync(string me, ChatTarget target, string text)
    {
        var now = time.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(text) && now - _last >= Every)
        {
            _last = now;
            await chatService.TypingAsync(me, target);
        }
    }

    /// <summary>The message ended the typing: the next keystroke says so again.</summary>
    public void Sent() => _last = DateTimeOffset.MinValue;
}
