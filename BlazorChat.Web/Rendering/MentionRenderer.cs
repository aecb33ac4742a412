using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace BlazorChat.Web.Rendering;

/// <summary>Writes a mention as <c>&lt;span class="mention" data-user="name"&gt;@name&lt;/span&gt;</c>, escaped.</summary>
internal sealed class MentionRenderer : HtmlObjectRenderer<MentionInline>
{
    protected override void Write(HtmlRenderer renderer, MentionInline obj)
    {
        renderer.Write("<span class=\"mention\" data-user=\"").WriteEscape(obj.User).Write("\">@")
            .WriteEscape(obj.Typed).Write("</span>");
    }
}
