namespace BlazorChat.Tests.Rendering;

/// <summary>
/// Texts that would run script if a message were rendered as HTML (or its links followed): every one of them, if it
/// worked, sets <c>window.__xss</c> or opens a dialog. Shared by the unit tests and the browser test.
/// </summary>
internal static class XssCorpus
{
    public const string Run = "window.__xss=1";

    public static readonly IReadOnlyList<string> Payloads =
    [
        // Raw HTML: tags, event handlers, styles, frames, SVG and MathML
        $"<script>{Run}</script>",
        $"<<script>script>{Run}<</script>/script>",
        $"<img src=x onerror=\"{Run}\">",
        $"<IMG SRC=x OnErRoR={Run}>",
        $"<svg onload=\"{Run}\"><circle r=\"10\"/></svg>",
        $"<svg><script>{Run}</script></svg>",
        $"<svg><a xlink:href=\"javascript:{Run}\"><text y=\"20\">svg link</text></a></svg>",
        $"<math><mtext><table><mglyph><style><img src=x onerror=\"{Run}\">",
        $"<math href=\"javascript:{Run}\">math link</math>",
        $"<noscript><p title=\"</noscript><img src=x onerror={Run}>\">",
        $"<iframe src=\"javascript:{Run}\"></iframe>",
        $"<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
        $"<object data=\"javascript:{Run}\"></object><embed src=\"javascript:{Run}\">",
        $"<a href=\"http://example.com\" onclick=\"{Run}\" onmouseover=\"{Run}\">handler link</a>",
        $"<details open ontoggle=\"{Run}\"><summary>x</summary></details>",
        $"<div style=\"background:url(javascript:{Run})\">styled</div>",
        $"<p style=\"width:expression({Run})\">expression</p>",
        $"<style>*{{background:url(\"javascript:{Run}\")}}</style>",
        $"<form action=\"javascript:{Run}\"><button>submit</button></form>",
        $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{Run}\">",
        $"<base href=\"javascript:{Run}//\">",
        $"<body onload=\"{Run}\">",
        $"<input autofocus onfocus=\"{Run}\">",
        $"<video><source onerror=\"{Run}\"></video>",
        $"**<img src=x onerror={Run}>**",

        // Links: javascript:, data:, vbscript:, obfuscated
        $"[plain js](javascript:{Run})",
        $"[mixed case](JaVaScRiPt:{Run})",
        $"[entity colon](javascript&#58;{Run})",
        $"[named colon](javascript&colon;{Run})",
        $"[all entities](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{Run})",
        $"[hex entity](&#x6A;avascript:{Run})",
        $"[tab entity](jav&#x09;ascript:{Run})",
        $"[newline entity](jav&#x0A;ascript:{Run})",
        $"[nul](java\0script:{Run})",
        $"[nul entity](java&#0;script:{Run})",
        $"[leading space](<  javascript:{Run}>)",
        $"[control char](&#14;javascript:{Run})",
        $"[percent](javascript%3A{Run})",
        $"[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
        $"[data html](data:text/html,<script>{Run}</script>)",
        "[vbscript](vbscript:msgbox(1))",
        "[VBScript](VbScRiPt:msgbox(1))",
        $"<a href=\"javascript:{Run}\">raw js link</a>",
        $"<a href=\"&#14;javascript:{Run}\">raw control link</a>",
        "[relative](/account/logout)",
        "[protocol relative](//evil.example/steal)",
        $"[title breakout](http://example.com \"t\\\" onmouseover=\\\"{Run}\")",
        $"[quote breakout](http://example.com/\"onmouseover=\"{Run})",

        // Nested Markdown tricks: images, links in images, reference links, autolinks
        $"![img js](javascript:{Run})",
        $"![alt\" onerror=\"{Run}](http://example.com/a.png)",
        $"[![img in link](javascript:{Run})](javascript:{Run})",
        $"![[link in img](javascript:{Run})](http://example.com/a.png)",
        $"[reference][evil]\n\n[evil]: javascript:{Run}",
        $"[ref title][t]\n\n[t]: http://example.com \"a\\\" onmouseover=\\\"{Run}\"",
        $"[shortcut]\n\n[shortcut]: vbscript:msgbox(1)",
        $"![ref img][i]\n\n[i]: javascript:{Run}",
        $"<javascript:{Run}>",
        $"<JAVASCRIPT:{Run}>",
        "<data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==>",
        "<vbscript:msgbox(1)>",
        $"http://example.com/\"onmouseover=\"{Run}",
        $"www.example.com/<img src=x onerror={Run}>",
        $"`<img src=x onerror={Run}>` and ```<script>{Run}</script>```",
        $"```html\n<script>{Run}</script>\n<img src=x onerror={Run}>\n```",
        $"> <img src=x onerror={Run}>\n> [q](javascript:{Run})",
        $"- <svg onload={Run}>\n- [l](javascript:{Run})",
        "javascript:alert(1)",
        "<scr<script>ipt>alert(1)</script>",
    ];
}
