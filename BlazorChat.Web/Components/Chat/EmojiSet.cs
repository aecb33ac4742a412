namespace BlazorChat.Web.Components.Chat;

/// <summary>The emoji the picker offers: a fixed set of common ones, with names for screen readers and tooltips.</summary>
public static class EmojiSet
{
    /// <summary>Each emoji and what it is called.</summary>
    public static IReadOnlyList<(string Emoji, string Name)> Common { get; } =
    [
        ("👍", "thumbs up"), ("👎", "thumbs down"), ("❤️", "heart"), ("😂", "tears of joy"), ("😄", "grin"),
        ("😊", "smile"), ("😉", "wink"), ("😍", "heart eyes"), ("🤔", "thinking"), ("😮", "surprised"),
        ("😢", "sad"), ("😡", "angry"), ("🎉", "party"), ("🙏", "thanks"), ("👏", "clap"),
        ("🙌", "hooray"), ("🔥", "fire"), ("✅", "done"), ("❌", "no"), ("👀", "looking"),
        ("🚀", "rocket"), ("💯", "hundred"), ("👋", "wave"), ("☕", "coffee"),
    ];
}
