using Microsoft.Playwright;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// Every Content-Security-Policy violation in one browser context — any page, tab or navigation in it — from the
/// pages' <c>securitypolicyviolation</c> events. A person's teardown fails the test when any was seen, so every
/// browser test also proves that the app runs under its policy. (The console reports each refusal too; listening
/// to both would count each twice, in no fixed order.)
/// </summary>
public sealed class CspViolations
{
    private const string Binding = "__blazorChatCspViolation";

    // Registered before any script of the page runs; the exposed binding survives navigations.
    private const string InitScript = $$"""
        document.addEventListener("securitypolicyviolation", e => window.{{Binding}}(
            `${e.effectiveDirective} refused ${e.blockedURI || "inline"} in ${e.documentURI}` + (e.sample ? `: ${e.sample}` : "")));
        """;

    private readonly Lock _lock = new();
    private readonly List<string> _seen = [];
    private TaskCompletionSource _first = NewSignal();

    public static async Task<CspViolations> WatchAsync(IBrowserContext context)
    {
        var violations = new CspViolations();
        await context.ExposeFunctionAsync(Binding, (string violation) => violations.Add(violation));
        await context.AddInitScriptAsync(InitScript);
        return violations;
    }

    /// <summary>Waits for the first violation and returns all seen so far, forgetting them (for a test that expects some).</summary>
    public async Task<IReadOnlyList<string>> TakeAsync()
    {
        Task first;
        lock (_lock)
        {
            first = _first.Task;
        }

        await first.WaitAsync(TimeSpan.FromSeconds(10));
        lock (_lock)
        {
            var taken = _seen.ToList();
            _seen.Clear();
            _first = NewSignal();
            return taken;
        }
    }

    public void AssertNone()
    {
        lock (_lock)
        {
            Assert.True(_seen.Count == 0, "Content Security Policy violations:\n" + string.Join('\n', _seen));
        }
    }

    private void Add(string violation)
    {
        lock (_lock)
        {
            _seen.Add(violation);
            _first.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
