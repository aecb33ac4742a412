using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Whether an account exists can't be told from how long a failed sign-in takes: an unknown user, a wrong (or
/// impossibly long) password and a locked-out account each cost exactly one password verification, through the token endpoint and the
/// sign-in page alike, and each gets the same answer. (Counted, not timed: the verification is the cost.)
/// </summary>
public sealed partial class SignInCostTests(SignInCostTests.App app) : IClassFixture<SignInCostTests.App>
{
    public enum Attempt
    {
        UnknownUser,
        WrongPassword,
        TooLongPassword,
        LockedOutWithAWrongPassword,
        LockedOutWithTheRightPassword,
        RightPassword,
    }

    public static TheoryData<Attempt> Attempts => new(Enum.GetValues<Attempt>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Token_CostsExactlyOnePasswordVerification(Attempt attempt)
    {
        using var api = app.Api();
        var (userName, password) = await ArrangeAsync(api, attempt);
        HttpStatusCode status = default;

        var cost = await app.Verifications.CostOfAsync(async () =>
        {
            using var response = await api.RequestTokenAsync(userName, password);
            status = response.StatusCode;
        });

        Assert.Equal(1, cost);
        Assert.Equal(attempt == Attempt.RightPassword ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Token_AnswersAnUnknownUserAWrongPasswordAndALockedOutAccountAlike()
    {
        using var api = app.Api();
        var answers = new List<string>();
        foreach (var attempt in Enum.GetValues<Attempt>().Where(a => a != Attempt.RightPassword))
        {
            var (userName, password) = await ArrangeAsync(api, attempt);
            using var response = await api.RequestTokenAsync(userName, password);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            answers.Add(WithoutTraceId(await response.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Single(answers.Distinct());
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task SignInPage_CostsExactlyOnePasswordVerification(Attempt attempt)
    {
        using var api = app.Api();
        var (userName, password) = await ArrangeAsync(api, attempt);
        using var browser = new BrowserSession(app.BaseAddress);

        var cost = await app.Verifications.CostOfAsync(async () => (await browser.PostSignInFormAsync(userName, password)).Dispose());

        Assert.Equal(1, cost);
        Assert.Equal(attempt == Attempt.RightPassword, browser.Cookie is not null);
    }

    [Fact]
    public async Task SignInPage_ShowsAnUnknownUserAWrongPasswordAndALockedOutAccountTheSameError()
    {
        using var api = app.Api();
        var errors = new List<string>();
        foreach (var attempt in Enum.GetValues<Attempt>().Where(a => a != Attempt.RightPassword))
        {
            var (userName, password) = await ArrangeAsync(api, attempt);
            using var browser = new BrowserSession(app.BaseAddress);
            using var response = await browser.PostSignInFormAsync(userName, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(browser.Cookie);
            var match = LoginError().Match(await response.Content.ReadAsStringAsync(Ct));
            Assert.True(match.Success, $"no sign-in error shown for {attempt}");
            errors.Add(match.Groups[1].Value.Trim());
        }

        Assert.Single(errors.Distinct());
    }

    /// <summary>A user name and password for <paramref name="attempt"/>; an account to lock out is locked by failing five times.</summary>
    private static async Task<(string UserName, string Password)> ArrangeAsync(ChatApi api, Attempt attempt)
    {
        if (attempt == Attempt.UnknownUser)
        {
            return ("nobody" + Guid.NewGuid().ToString("N")[..10], ChatApi.Password);
        }

        var name = await api.NewUserAsync("cost");
        if (attempt is Attempt.LockedOutWithAWrongPassword or Attempt.LockedOutWithTheRightPassword)
        {
            for (var i = 0; i < 5; i++)
            {
                using var failed = await api.RequestTokenAsync(name, "guess " + i);
                Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            }
        }

        return (name, attempt switch
        {
            Attempt.WrongPassword or Attempt.LockedOutWithAWrongPassword => "not the password",
            Attempt.TooLongPassword => ChatApi.Password + new string('x', 5000), // longer than any password can be
            _ => ChatApi.Password,
        });
    }

    private static string WithoutTraceId(string json)
    {
        var problem = JsonNode.Parse(json)!.AsObject();
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    [GeneratedRegex("id=\"login-error\"[^>]*>(?:\\s*<[^>]+>)*([^<]+)<")]
    private static partial Regex LoginError();

    /// <summary>The app, counting its password verifications.</summary>
    public sealed class App : ChatAppFactory
    {
        public App() => ConfigureServices = Verifications.CountIn;

        public PasswordVerifications Verifications { get; } = new();
    }
}
