using System.Security.Claims;
using BlazorChat.Domain;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>Registration and password checks, shared by the account pages and the HTTP API.</summary>
internal sealed class AccountService(
    UserManager<ChatUser> users, SignInManager<ChatUser> signIn, IOptions<ChatWebOptions> options)
{
    public async Task<RegistrationResult> RegisterAsync(string? userName, string? password)
    {
        if (options.Value.Registration == RegistrationMode.Closed)
        {
            return new RegistrationResult(RegistrationOutcome.Closed, ["Registration is closed on this server."]);
        }

        if (!ChatNames.IsValidUserName(userName))
        {
            return new RegistrationResult(
                RegistrationOutcome.Invalid, ["A user name has 3–32 characters: letters, digits, '_', '.' and '-'."]);
        }

        if (string.IsNullOrEmpty(password))
        {
            return new RegistrationResult(RegistrationOutcome.Invalid, ["A password is required."]);
        }

        var result = await users.CreateAsync(new ChatUser { UserName = userName }, password);
        if (result.Succeeded)
        {
            return new RegistrationResult(RegistrationOutcome.Created, []);
        }

        var taken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        return new RegistrationResult(
            taken ? RegistrationOutcome.Taken : RegistrationOutcome.Invalid, result.Errors.Select(e => e.Description).ToList());
    }

    /// <summary>
    /// Checks a password, counting failures towards lockout. Returns the user's principal, or null for an unknown
    /// user, a wrong password or a locked-out account alike.
    /// </summary>
    public async Task<ClaimsPrincipal?> CheckPasswordAsync(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password)
            || await users.FindByNameAsync(userName) is not { } user)
        {
            return null;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return check.Succeeded ? await signIn.CreateUserPrincipalAsync(user) : null;
    }
}

internal enum RegistrationOutcome
{
    Created,
    Invalid,
    Taken,
    Closed,
}

internal sealed record RegistrationResult(RegistrationOutcome Outcome, IReadOnlyList<string> Errors);
