using BlazorChat.Web.Endpoints.Api;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace BlazorChat.Web.Accounts;

/// <summary>The HTTP account API of the protocol (§1) and the UI's sign-out.</summary>
internal static class AuthEndpoints
{
    /// <summary>The largest body of a request to the account API: two short strings need far less.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private const string Shape = """{"userName": "…", "password": "…"}""";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").DisableAntiforgery();
        api.MapPostOnly("/register", RegisterAsync);
        api.MapPostOnly("/token", IssueTokenAsync);

        // A form post from the app bar; antiforgery is checked because it is a form.
        app.MapPost("/account/logout", SignOutAsync);
        return app;
    }

    private static async Task<IResult> SignOutAsync(
        HttpContext context, IAntiforgery antiforgery, SignInManager<ChatUser> signIn, SignInSessions sessions)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }

        // Every tab and socket of this browser session stops, not only the one that asked.
        await sessions.EndAsync(context.User);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("~/account/login");
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var read = await JsonRequestBody.ReadObjectAsync<Credentials>(request, Shape, MaxBodyBytes, cancellationToken);
        if (read.Value is not { } body)
        {
            return read.Problem!;
        }

        var result = await accounts.RegisterAsync(body.UserName, body.Password);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => TypedResults.Created((string?)null, new { userName = body.UserName }),
            RegistrationOutcome.Reserved => Problem(StatusCodes.Status400BadRequest, AccountService.ReservedName,
                ["Names that could be taken for the server, its staff or a mention of many people are kept free: choose another."]),
            RegistrationOutcome.Taken => Problem(StatusCodes.Status409Conflict, "That user name is taken.", result.Errors),
            RegistrationOutcome.Closed => Problem(StatusCodes.Status403Forbidden, "Registration is closed.", result.Errors),
            _ => Problem(StatusCodes.Status400BadRequest, "The user name or password is not acceptable.", result.Errors),
        };
    }

    private static async Task<IResult> IssueTokenAsync(
        HttpRequest request, AccountService accounts, AccessTokenIssuer tokens, CancellationToken cancellationToken)
    {
        var read = await JsonRequestBody.ReadObjectAsync<Credentials>(request, Shape, MaxBodyBytes, cancellationToken);
        if (read.Value is not { } body)
        {
            return read.Problem!;
        }

        if (await accounts.CheckPasswordAsync(body.UserName, body.Password) is not { } user)
        {
            // The same answer for an unknown user, a wrong password and a locked-out account.
            return Problem(StatusCodes.Status401Unauthorized, AccountService.SignInFailed, []);
        }

        var token = tokens.Issue(user);
        return TypedResults.Ok(new { accessToken = token.Value, expiresAt = token.ExpiresAt.UtcDateTime });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, IReadOnlyList<string> errors) =>
        ApiProblems.Problem(status, title, errors.Count > 0 ? string.Join(" ", errors) : null);

    private sealed record Credentials(string? UserName, string? Password);
}
