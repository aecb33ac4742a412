using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// What a browser and an uptime check get from the real server on Kestrel: MudBlazor's stylesheet (627 KB raw)
/// compressed and cached, a revalidation answered with 304, and <c>HEAD</c> answered like <c>GET</c>.
/// </summary>
public sealed partial class StaticAssetsTests : IAsyncLifetime
{
    private readonly ChatAppFactory _app = new();
    private HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        // No automatic decompression and no redirects: the test sees the bytes and statuses on the wire.
        _http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
        {
            BaseAddress = _app.BaseAddress,
        };
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip, deflate", "gzip")]
    public async Task TheLinkedStylesheet_IsSentCompressed_AndCachedForAYear(string acceptEncoding, string expected)
    {
        var stylesheet = await LinkedStylesheetAsync();

        using var response = await GetAsync(stylesheet, acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.InRange(body.Length, 1, 100_000); // 627 KB uncompressed
        Assert.True(response.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365), $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task TheStylesheet_WithoutAcceptEncoding_IsSentAsIs()
    {
        using var response = await GetAsync(await LinkedStylesheetAsync(), acceptEncoding: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("br, gzip")]
    [InlineData(null)]
    public async Task ARevalidation_WithIfNoneMatchAndIfModifiedSince_Gets304(string? acceptEncoding)
    {
        var stylesheet = await LinkedStylesheetAsync();
        using var first = await GetAsync(stylesheet, acceptEncoding);
        Assert.NotNull(first.Headers.ETag);
        Assert.NotNull(first.Content.Headers.LastModified);

        // What a browser sends when it revalidates: both validators from the first answer.
        using var request = new HttpRequestMessage(HttpMethod.Get, stylesheet);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag);
        request.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var again = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/rooms/general")]
    [InlineData("/no-such-page")]
    public async Task Head_AnswersLikeGet_WithoutABody(string path)
    {
        using var get = await _http.GetAsync(path, TestContext.Current.CancellationToken);
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), TestContext.Current.CancellationToken);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HeadOfTheRoot_IsNot404_ButTheRedirectToSignIn()
    {
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, head.StatusCode);
        Assert.StartsWith("/account/login", head.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    // The URL the pages link (fingerprinted by @Assets), read from the sign-in page as a browser would.
    private async Task<string> LinkedStylesheetAsync()
    {
        var page = await _http.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        var link = MudBlazorStylesheet().Match(page);
        Assert.True(link.Success, "the sign-in page links no MudBlazor stylesheet");
        return "/" + link.Groups[1].Value;
    }

    [GeneratedRegex("href=\"(_content/MudBlazor/MudBlazor[^\"]*\\.css)\"")]
    private static partial Regex MudBlazorStylesheet();
}
