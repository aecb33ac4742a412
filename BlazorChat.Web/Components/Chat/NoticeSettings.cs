namespace BlazorChat.Web.Components.Chat;

/// <summary>What this browser allows and what the reader chose, as notices.js reports it.</summary>
/// <param name="Supported">Whether the browser has desktop notifications.</param>
/// <param name="Permission"><c>default</c> (not asked yet), <c>granted</c>, <c>denied</c> or <c>unsupported</c>.</param>
/// <param name="Enabled">Whether the reader wants desktop notifications (once the browser allows them).</param>
/// <param name="Sound">Whether a sound plays for a direct message or a mention (off until chosen).</param>
public sealed record NoticeSettings(bool Supported, string Permission, bool Enabled, bool Sound)
{
    /// <summary>What is assumed until the browser answers: nothing allowed, nothing chosen.</summary>
    public static NoticeSettings Unknown { get; } = new(false, "unsupported", false, false);
}
