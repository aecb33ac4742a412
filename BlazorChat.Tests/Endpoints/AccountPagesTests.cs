using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// The account pages as a browser posts them: registration tells every problem at once, each at its field; a failed
/// sign-in keeps the name, never the password, and says the same whether or not the account exists.
/// </summary>
public sealed class AccountPagesTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_ShowsEveryProblemAtOnce_EachAtItsField()
    {
        using var browser = new BrowserSession(app.BaseAddress);

        using var response = await browser.PostRegisterFormAsync("Design Team", "short", "shirt");

        var page = await ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["A user name has 3–32 characters: letters, digits, '_', '.' and '-'."], ErrorsAt(page, "userName"));
        Assert.Equal(["A password has 8–1,024 characters."], ErrorsAt(page, "password"));
        Assert.Equal(["The passwords do not match."], ErrorsAt(page, "confirmPassword"));
        Assert.Empty(page.QuerySelectorAll(".register-error")); // nothing in a banner
        Assert.Equal("true", page.QuerySelector("#userName")!.GetAttribute("aria-invalid"));
        Assert.Null(browser.Cookie);
    }

    [Fact]
    public async Task Register_ATakenName_IsSaidAtTheNameField_AndAReservedOneToo()
    {
        using var api = app.Api();
        var taken = await api.NewUserAsync("taken");
        using var browser = new BrowserSession(app.BaseAddress);

        using var again = await browser.PostRegisterFormAsync(taken.ToUpperInvariant(), ChatApi.Password);
        using var reserved = await browser.PostRegisterFormAsync("Everyone", ChatApi.Password);

        var againPage = await ParseAsync(again);
        Assert.Equal(["That user name is taken."], ErrorsAt(againPage, "userName"));
        Assert.Empty(ErrorsAt(againPage, "password"));
        Assert.Empty(againPage.QuerySelectorAll(".register-error"));
        Assert.Equal(["That user name is reserved."], ErrorsAt(await ParseAsync(reserved), "userName"));
        Assert.Null(browser.Cookie);
    }

    [Fact]
    public async Task SignIn_AWrongPassword_IsCleared_TheNameKept_AndTheAnswerIsTheSameForNoSuchAccount()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("clears");
        using var browser = new BrowserSession(app.BaseAddress);

        using var wrong = await browser.PostSignInFormAsync(name, "not the password");
        using var unknown = await browser.PostSignInFormAsync(name + "x", "not the password");

        var wrongPage = await ParseAsync(wrong);
        var unknownPage = await ParseAsync(unknown);
        Assert.Equal(name, wrongPage.QuerySelector("#userName")!.GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(wrongPage.QuerySelector("#password")!.GetAttribute("value")));
        Assert.DoesNotContain("not the password", wrongPage.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(unknownPage.QuerySelector("#password")!.GetAttribute("value")));
        Assert.Equal(wrongPage.QuerySelector("#login-error")!.TextContent, unknownPage.QuerySelector("#login-error")!.TextContent);
        Assert.Null(browser.Cookie);
        await browser.SignInAsync(name); // and the right one still works
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct), Ct);

    private static List<string> ErrorsAt(IDocument page, string field) =>
        [.. page.QuerySelectorAll($"[data-field='{field}'] .account-validation").Select(e => e.TextContent.Trim())];
}
