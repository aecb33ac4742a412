using System.Net;
using BlazorChat.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace BlazorChat.Tests.Security;

/// <summary>The middleware alone, in front of a test server that can pretend to be reached over HTTPS.</summary>
public sealed class SecurityHeadersMiddlewareTests
{
    [Fact]
    public void Policy_AllowsOnlyTheAppsOwnScripts_NoInlineScriptAndNoEval()
    {
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'self'",
            SecurityHeadersMiddleware.ContentSecurityPolicy);
    }

    [Theory]
    [InlineData("https://chat.example.com/", true)]
    [InlineData("http://chat.example.com/", false)]
    [InlineData("https://localhost/", false)]   // as ASP.NET Core's HSTS middleware: no pinning of local ports
    [InlineData("https://127.0.0.1/", false)]
    public async Task Hsts_IsSentOnlyOverHttps_AndNotToLoopback(string address, bool expected)
    {
        await using var app = await StartAsync(_ => Task.CompletedTask);
        using var client = ClientFor(app, address);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var hsts));
        if (expected)
        {
            Assert.Equal("max-age=31536000", Assert.Single(hsts!));
        }
    }

    [Fact]
    public async Task Headers_SurviveAnExceptionHandlerThatClearsTheResponse()
    {
        await using var app = await StartAsync(
            _ => throw new InvalidOperationException("boom"),
            app => app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = c => c.Response.WriteAsync("sorry") }));
        using var client = ClientFor(app, "https://chat.example.com/");

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task AStricterPolicyOfAnEndpoint_IsKeptBesideOurs_AndTheFrameworksCopyOfOursIsFoldedIn()
    {
        await using var app = await StartAsync(c =>
        {
            c.Response.Headers.Append("Content-Security-Policy", "frame-ancestors 'self'");
            c.Response.Headers.Append("Content-Security-Policy", "frame-ancestors 'none'");
            return Task.CompletedTask;
        });
        using var client = ClientFor(app, "https://chat.example.com/");

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(
            [SecurityHeadersMiddleware.ContentSecurityPolicy, "frame-ancestors 'none'"],
            response.Headers.GetValues("Content-Security-Policy"));
    }

    private static async Task<WebApplication> StartAsync(RequestDelegate endpoint, Action<WebApplication>? between = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        between?.Invoke(app);
        app.Run(endpoint);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static HttpClient ClientFor(WebApplication app, string address)
    {
        var client = app.GetTestClient();
        client.BaseAddress = new Uri(address);
        return client;
    }
}
