using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Nobody can register a name that people could take for the server itself or for a mention of many.</summary>
public sealed class AuthApiReservedNameTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("system")]
    [InlineData("SERVER")]
    [InlineData("BlazorChat")]
    [InlineData("Admin")]
    [InlineData("everyone")]
    [InlineData("Here")]
    [InlineData("channel")]
    public async Task Register_RefusesAReservedName_InAnyCase_With400(string userName)
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync(userName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("That user name is reserved.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Register_AcceptsANameThatOnlyContainsAReservedOne()
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync("systemic");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task RegisterPage_RefusesAReservedName_AndSaysSo()
    {
        using var browser = new BrowserSession(app.BaseAddress);

        using var response = await browser.PostRegisterFormAsync("Everyone", ChatApi.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with the error
        Assert.Contains("That user name is reserved.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Null(browser.Cookie);
    }
}
