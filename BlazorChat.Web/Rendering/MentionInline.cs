using Markdig.Syntax.Inlines;

namespace BlazorChat.Web.Rendering;

/// <summary>An <c>@name</c> in the text that mentions the registered user <see cref="User"/>.</summary>
internal sealed class MentionInline(string user, string typed) : LeafInline
{
    /// <summary>The user as registered (what <c>data-user</c> carries).</summary>
    public string User { get; } = user;

    /// <summary>The name as the author typed it, without the <c>@</c>.</summary>
    public string Typed { get; } = typed;
}
