using System.Net;
using System.Text.RegularExpressions;

namespace BlazorChat.LoadGen.Circuits;

/// <summary>
/// Signs a user in through the real login page, as a browser's form post does: GET <c>/account/login</c> for its
/// antiforgery token, then POST the form. The server checks the password and issues its sign-in cookie; the cookies are
/// handed to a browser context, which then opens the chat signed in. Cheaper than typing into a page per user, and
/// the same sign-in (Identity's cookie, its session row).
/// </summary>
internal static partial class FormSignIn
{
    private const string SignInCookie = "BlazorChat.Auth"; // AccountsExtensions names it

    /// <summary>The cookies of a signed-in browser for <paramref name="user"/> (the sign-in and the antiforgery cookie).</summary>
    public static async Task<IReadOnlyList<Cookie>> SignInAsync(Uri baseAddress, string user, CancellationToken cancellationToken)
    {
        var jar = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };

        var page = await http.GetStringAsync("/account/login", cancellationToken);
        var token = AntiforgeryField().Match(page) is { Success: true } found
            ? WebUtility.HtmlDecode(found.Groups["value"].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = AccountApi.Password,
        });
        using var posted = await http.PostAsync("/account/login", form, cancellationToken);
        var cookies = jar.GetCookies(baseAddress);
        if (posted.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            || cookies[SignInCookie] is null)
        {
            throw new InvalidOperationException($"Signing {user} in: {(int)posted.StatusCode}, no sign-in cookie.");
        }

        return [.. cookies.Cast<Cookie>()];
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*?value="(?<value>[^"]+)""")]
    private static partial Regex AntiforgeryField();
}
