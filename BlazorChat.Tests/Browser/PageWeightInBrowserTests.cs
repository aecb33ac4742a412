using Microsoft.Playwright;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// What the chat page costs to open: every HTTP response of a first load with an empty cache, as Chromium received it
/// (compressed body and headers). docs/benchmarks.md, "Page weight", records the numbers this prints.
/// </summary>
public sealed class PageWeightInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // 800 KB before the assets were compressed, 148 KB after (docs/benchmarks.md). The budget leaves room to grow, not for a
    // stylesheet sent uncompressed again.
    private const long BudgetBytes = 250_000;

    [Fact]
    public async Task TheChatPage_FirstLoad_StaysWithinItsBudget_AndASecondVisitUsesTheCache()
    {
        await using var alice = await browser.NewPersonAsync("alice");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            StorageState = await alice.Context.StorageStateAsync(),
        });
        var page = await context.NewPageAsync();

        var first = await LoadAsync(page);
        var second = await LoadAsync(page);

        var report = $"first load {first.Total:N0} bytes in {first.Count} responses; a second visit {second.Total:N0} bytes:\n"
            + string.Join("\n", first.Lines);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(first.Total <= BudgetBytes, report);
        Assert.True(second.Total < first.Total / 4, report); // fingerprinted assets come from the cache
    }

    private static async Task<(long Total, int Count, List<string> Lines)> LoadAsync(IPage page)
    {
        var responses = new List<IResponse>();
        void OnResponse(object? sender, IResponse response) => responses.Add(response);
        page.Response += OnResponse;
        await page.GotoAsync("/");
        await Person.WaitUntilReadyAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        page.Response -= OnResponse;

        long total = 0;
        var lines = new List<string>();
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            var bytes = Math.Max(0, sizes.ResponseBodySize) + Math.Max(0, sizes.ResponseHeadersSize);
            total += bytes;
            lines.Add($"  {bytes,9:N0}  {response.Status} {new Uri(response.Url).PathAndQuery}");
        }

        return (total, responses.Count, lines);
    }
}
