using System.Net;
using System.Text.RegularExpressions;

namespace BlazorChat.Tests.Support;

/// <summary>A cookie-holding HTTP client that signs in and out through the account pages, as a browser does.</summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClientHandler _handler = new() { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    private readonly HttpClient _http;

    public BrowserSession(Uri baseAddress)
    {
        _http = new HttpClient(_handler) { BaseAddress = baseAddress };
    }

    /// <summary>The sign-in cookie as a <c>Cookie</c> header value, or null when signed out.</summary>
    public string? Cookie => _handler.CookieContainer.GetCookies(_http.BaseAddress!)["BlazorChat.Auth"] is { } c ? $"{c.Name}={c.Value}" : null;

    public async Task SignInAsync(string userName, string password = ChatApi.Password)
    {
        using var response = await PostSignInFormAsync(userName, password);
        Assert.NotNull(Cookie);
    }

    /// <summary>Submits the sign-in page's form: a redirect when it signed in, else the page again with its error.</summary>
    public Task<HttpResponseMessage> PostSignInFormAsync(string userName, string password) =>
        PostFormAsync("/account/login", "/account/login", new()
        {
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    /// <summary>Submits the registration page's form: a redirect when it registered, else the page again with its errors.</summary>
    public Task<HttpResponseMessage> PostRegisterFormAsync(string userName, string password, string? confirmPassword = null) =>
        PostFormAsync("/account/register", "/account/register", new()
        {
            ["_handler"] = "register",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirmPassword ?? password,
        });

    /// <summary>Signs out with the app bar's form (antiforgery token from a page of the app).</summary>
    public async Task<HttpStatusCode> SignOutAsync()
    {
        using var response = await PostFormAsync("/", "/account/logout", []);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await _http.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value;
        using var content = new FormUrlEncodedContent(fields);
        return await _http.PostAsync(action, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
