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
    DecoyPasswordHash decoy,
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

        if (ChatNames.IsReservedUserName(userName))
        {
            return new RegistrationResult(RegistrationOutcome.Reserved, [ReservedName]);
        }

        if (string.IsNullOrEmpty(password))
        {
            return new RegistrationResult(RegistrationOutcome.Invalid, ["A password is required."]);
        }

        if (password.Length > PasswordRules.MaxLength)
        {
            return new RegistrationResult(
                RegistrationOutcome.Invalid, [$"A password has {PasswordRules.Description}; this one is longer."]);
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

    /// <summary>Why a reserved name (<see cref="ChatNames.ReservedUserNames"/>) cannot be registered.</summary>
    public const string ReservedName = "That user name is reserved.";

    /// <summary>What a failed sign-in is told, whatever the reason: the API's title and the sign-in page's error.</summary>
    public const string SignInFailed = "Wrong user name or password, or too many failed attempts.";

    /// <summary>
    /// Checks a password, counting failures towards lockout. Returns the user's principal, or null for an unknown
    /// user, a wrong password or a locked-out account alike.
    /// </summary>
    public async Task<ClaimsPrincipal?> CheckPasswordAsync(string? userName, string? password) =>
        await VerifyAsync(userName, password) is { } user ? await signIn.CreateUserPrincipalAsync(user) : null;

    /// <summary>Signs the browser in with the sign-in cookie if the password is right (as <see cref="CheckPasswordAsync"/>).</summary>
    public async Task<bool> SignInAsync(string? userName, string? password, bool isPersistent)
    {
        if (await VerifyAsync(userName, password) is not { } user)
        {
            return false;
        }

        await signIn.SignInAsync(user, isPersistent, authenticationMethod: "pwd");
        return true;
    }

    /// <summary>
    /// The one password check of both front ends. Every failure costs exactly one password verification, so the
    /// time it takes does not tell an unknown user from a wrong password or a locked-out account.
    /// </summary>
    private async Task<ChatUser?> VerifyAsync(string? userName, string? password)
    {
        password ??= string.Empty;
        var user = string.IsNullOrEmpty(userName) ? null : await users.FindByNameAsync(userName);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // Identity answers these without hashing; an unknown account never locks, so a fast "locked" would
            // give it away as much as a fast "unknown".
            decoy.Verify(users.PasswordHasher, Bounded(password));
            return null;
        }

        if (password.Length > PasswordRules.MaxLength)
        {
            // No password is this long, so it is wrong: a failed attempt like any other, at the same cost (without
            // hashing all of it), and not a quicker answer that would tell the account exists.
            decoy.Verify(users.PasswordHasher, Bounded(password));
            await users.AccessFailedAsync(user);
            return null;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return check.Succeeded ? user : null;
    }

    private static string Bounded(string password) =>
        password.Length > PasswordRules.MaxLength ? password[..PasswordRules.MaxLength] : password;

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
    Reserved,
    Taken,
    Closed,
}

internal sealed record RegistrationResult(RegistrationOutcome Outcome, IReadOnlyList<string> Errors);
