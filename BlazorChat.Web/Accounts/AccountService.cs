using System.Security.Claims;
using BlazorChat.Domain;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Accounts;

/// <summary>Registration and password checks, shared by the account pages and the HTTP API.</summary>
internal sealed partial class AccountService(
    UserManager<ChatUser> users,
    SignInManager<ChatUser> signIn,
    ChatDbContext db,
    IOptions<ChatWebOptions> options,
    ILogger<AccountService> logger)
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

        var user = new ChatUser { UserName = userName };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // Identity checks for a duplicate before it inserts, so two registrations of one name (in any case) can
            // both pass the check; the unique index then refuses every insert but the first. That is "taken" too.
            db.Entry(user).State = EntityState.Detached;
            if (await users.FindByNameAsync(userName) is null)
            {
                throw; // not a duplicate: a fault of the store
            }

            Log.LostRegistrationRace(logger, userName);
            return new RegistrationResult(RegistrationOutcome.Taken, ["That user name is taken."]);
        }

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

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Debug, "Registration of {UserName} lost a race: the name was taken meanwhile")]
        public static partial void LostRegistrationRace(ILogger logger, string userName);
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
