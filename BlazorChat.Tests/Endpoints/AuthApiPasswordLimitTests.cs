using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Passwords have 8–1,024 characters: a longer one is refused at registration and is simply wrong at sign-in.</summary>
public sealed class AuthApiPasswordLimitTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    private static readonly string Longest = string.Concat(Enumerable.Repeat("correct horse battery staple ", 40))[..1024];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_AcceptsAPasswordOf1024Characters_AndItSignsIn()
    {
        using var api = app.Api();
        var name = "long" + Guid.NewGuid().ToString("N")[..10];

        using var registered = await api.RegisterAsync(name, Longest);
        using var token = await api.RequestTokenAsync(name, Longest);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task Register_RefusesAPasswordOver1024Characters_With400SayingTheLimit()
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync("toolong" + Guid.NewGuid().ToString("N")[..10], Longest + "x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("1,024 characters", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_RefusesAPasswordOver1024Characters_WithTheAnswerOfAWrongPassword()
    {
        using var api = app.Api();
        var name = "long" + Guid.NewGuid().ToString("N")[..10];
        using var registered = await api.RegisterAsync(name, Longest);

        using var tooLong = await api.RequestTokenAsync(name, Longest + "x");
        using var wrong = await api.RequestTokenAsync(name, "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, tooLong.StatusCode);
        Assert.Equal(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString(),
            (await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Token_CountsTooLongPasswordsAsFailedAttempts_TowardsLockout()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("longlock");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await api.RequestTokenAsync(name, new string('x', 2000));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await api.RequestTokenAsync(name);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
    }

    [Fact]
    public async Task RegisterPage_TellsTheLimit_AndRefusesAPasswordOver1024Characters()
    {
        using var browser = new BrowserSession(app.BaseAddress);
        using var api = app.Api();
        var name = "pagelong" + Guid.NewGuid().ToString("N")[..10];
        var page = WebUtility.HtmlDecode(await api.Http.GetStringAsync("/account/register", Ct));

        using var response = await browser.PostRegisterFormAsync(name, Longest + "x");

        Assert.Contains("8–1,024 characters", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with the error
        Assert.Contains("1,024 characters", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Null(browser.Cookie);
        using var nameIsFree = await api.RegisterAsync(name);
        Assert.Equal(HttpStatusCode.Created, nameIsFree.StatusCode);
    }

    [Fact]
    public async Task SignInPage_RefusesAPasswordOver1024Characters_AsAWrongPassword()
    {
        using var api = app.Api();
        var name = "pagelong" + Guid.NewGuid().ToString("N")[..10];
        using var registered = await api.RegisterAsync(name, Longest);
        using var browser = new BrowserSession(app.BaseAddress);

        using var tooLong = await browser.PostSignInFormAsync(name, Longest + "x");

        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Null(browser.Cookie);
        Assert.Contains("Wrong user name or password", await tooLong.Content.ReadAsStringAsync(Ct));
        await browser.SignInAsync(name, Longest);
    }
}
