using System.Net;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Security;

namespace BlazorChat.Tests.Endpoints;

/// <summary>What every response of the real server tells the browser: the policy that stops injected script, and the rest.</summary>
public sealed class SecurityHeadersTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Theory]
    [InlineData("/account/login")]           // a page (the framework adds its own frame-ancestors to these)
    [InlineData("/account/register")]
    [InlineData("/js/chat.js")]              // static files
    [InlineData("/favicon.svg")]
    [InlineData("/no-such-page")]            // the not-found page
    [InlineData("/health/ready")]            // JSON for proxies
    public async Task Get_CarriesOnePolicy_Nosniff_AndReferrerPolicy_ButNoHstsOverHttp(string path)
    {
        using var api = app.Api();
        using var response = await api.Http.GetAsync(path, TestContext.Current.CancellationToken);

        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Api_CarriesThePolicy_Nosniff_AndReferrerPolicy()
    {
        using var api = app.Api();
        using var response = await api.RequestTokenAsync("nobody", "wrong password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Hsts_IsSent_WhenAProxyThatEndsTlsForwardsTheScheme_AndForwardedHeadersAreEnabled()
    {
        // The set-up docs/operations.md gives operators: ASPNETCORE_FORWARDEDHEADERS_ENABLED=true.
        await using var proxied = new ChatAppFactory();
        proxied.Settings["FORWARDEDHEADERS_ENABLED"] = "true";
        using var api = proxied.Api();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "chat.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await api.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
