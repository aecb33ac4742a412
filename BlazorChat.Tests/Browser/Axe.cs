using System.Text.Json;
using Microsoft.Playwright;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// axe-core, the accessibility checker, run in a page: scripts/test.sh installs it from npm and exports its path as
/// BLAZORCHAT_AXE (or it is found under the repository's git-ignored <c>.tools/</c>). Playwright injects it as an
/// inline script, so the page's context must bypass the Content-Security-Policy (which the other browser tests check).
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> ScriptPath = new(Locate);

    /// <summary>The serious and critical violations on the page, one line each: rule, targets and what to fix.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = ScriptPath.Value });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5)
                  .map(n => `    ${n.target.join(" ")}: ${(n.failureSummary || "").replace(/\s+/g, " ")}`).join("\n"));
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("BLAZORCHAT_AXE") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"BLAZORCHAT_AXE={configured} does not exist");
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var tools = Path.Combine(folder.FullName, ".tools");
            if (Directory.Exists(tools)
                && Directory.EnumerateFiles(tools, "axe.min.js", SearchOption.AllDirectories).FirstOrDefault() is { } found)
            {
                return found;
            }
        }

        throw new FileNotFoundException(
            "axe-core is not installed: run scripts/test.sh, or `npm install --prefix .tools/axe-core axe-core` at the repository root");
    }
}
